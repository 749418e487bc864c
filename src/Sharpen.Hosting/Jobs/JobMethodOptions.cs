namespace Sharpen.Hosting.Jobs;

/// <summary>
/// Sharpen's own choices for a job, beyond OpenAI's fields (the request's <c>sharpen</c> object): the method — LoRA by
/// default, or QLoRA or full fine-tuning — and the LoRA knobs. Null knobs take the training config's defaults
/// (rank 8, alpha 16, dropout 0.05, q_proj,v_proj).
/// </summary>
public sealed record JobMethodOptions
{
    public const string Lora = "lora";
    public const string Qlora = "qlora";
    public const string Full = "full";

    /// <summary>lora (default), qlora or full.</summary>
    public string Method { get; init; } = Lora;

    /// <summary>lora.rank, 1–1024.</summary>
    public int? LoraRank { get; init; }

    /// <summary>lora.alpha, above 0.</summary>
    public double? LoraAlpha { get; init; }

    /// <summary>lora.dropout, in [0, 1).</summary>
    public double? LoraDropout { get; init; }

    /// <summary>lora.target_modules: comma-separated projection names or all-linear.</summary>
    public string? LoraTargetModules { get; init; }

    /// <summary>lora.use_rslora.</summary>
    public bool? LoraUseRsLora { get; init; }

    /// <summary>lora.train_embeddings (needed when answers use tokens the base never emits).</summary>
    public bool? LoraTrainEmbeddings { get; init; }

    /// <summary>Whether any LoRA knob is set.</summary>
    public bool HasLoraKnobs => LoraRank is not null || LoraAlpha is not null || LoraDropout is not null
        || LoraTargetModules is not null || LoraUseRsLora is not null || LoraTrainEmbeddings is not null;
}
