namespace Sharpen.Training.Config;

/// <summary>
/// The <c>lora:</c> section, used when <c>model.method</c> is lora or qlora. Defaults follow common practice (PEFT,
/// mlx-lm): rank 8, alpha 16 ("alpha is usually 2 × rank"), dropout 0.05, adapters on q_proj and v_proj.
/// </summary>
public sealed record LoraSection
{
    /// <summary><c>lora.rank</c>: adapter rank r; more capacity and more trainable parameters as it grows. Default 8.</summary>
    public int Rank { get; init; } = 8;

    /// <summary><c>lora.alpha</c>: scales the adapter's output by alpha / r (or alpha / √r with rsLoRA). Default 16.</summary>
    public double Alpha { get; init; } = 16;

    /// <summary><c>lora.dropout</c>: dropout on the adapter's input during training. Default 0.05.</summary>
    public double Dropout { get; init; } = 0.05;

    /// <summary><c>lora.target_modules</c>: comma-separated projection names (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) or all-linear. Default q_proj,v_proj.</summary>
    public string TargetModules { get; init; } = "q_proj,v_proj";

    /// <summary><c>lora.use_rslora</c>: rank-stabilised scaling alpha / √r (Kalajdzievski 2023). Default false.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>
    /// <c>lora.train_embeddings</c>: also train the token embeddings (tied to the output layer in small models), as PEFT's
    /// <c>modules_to_save</c> does. Needed when answers use tokens the base model never learned to produce (for example
    /// byte-fallback pieces such as '_' in stories260K's 512-piece vocabulary). Float32 compute only; exports as a merged
    /// model (a plain PEFT adapter cannot carry it). Default false.
    /// </summary>
    public bool TrainEmbeddings { get; init; }

    /// <summary>The target modules as a list.</summary>
    public IReadOnlyList<string> TargetList => [.. TargetModules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
