namespace Sharpen.Modeling.Adapters;

/// <summary>
/// What a LoRA adapter looks like (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"): which
/// projections get one, its rank, its scale and the dropout on its input. The defaults follow common practice for
/// instruction tuning of small Llama models (peft's <c>LoraConfig</c>, mlx-lm's <c>lora</c> defaults). Bind this at the
/// edge, call <see cref="Validate"/>, and hand the plain values to <see cref="LoraLinearFactory"/>.
/// </summary>
public sealed record LoraOptions
{
    /// <summary>The target-module word that selects every decoder projection (peft's <c>"all-linear"</c>; lm_head excluded).</summary>
    public const string AllLinear = "all-linear";

    /// <summary>The projection names a Llama-family decoder layer has, as in Hugging Face checkpoints.</summary>
    public static IReadOnlyList<string> LlamaProjections { get; } =
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>
    /// Rank r of the update B·A (default 8). Larger ranks can learn more but train more parameters: each adapted
    /// projection adds r × (in + out) of them. Must be at least 1.
    /// </summary>
    public int Rank { get; init; } = 8;

    /// <summary>
    /// Alpha (default 16). The update is scaled by alpha / r (or alpha / √r with <see cref="UseRsLora"/>), so changing the
    /// rank does not change the effective learning rate much. Alpha is usually 2 × rank. Must be positive.
    /// </summary>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout probability on the adapter's input path only (default 0.05; the base path never drops). In [0, 1).</summary>
    public double Dropout { get; init; } = 0.05;

    /// <summary>
    /// Which projections get an adapter (default <c>q_proj</c>, <c>v_proj</c>, as in the LoRA paper's GPT-3 experiments
    /// and peft's Llama default). Names match the last part of a module path (<c>q_proj</c>) or a dotted suffix
    /// (<c>self_attn.q_proj</c>); the single word <see cref="AllLinear"/> selects all seven decoder projections.
    /// </summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "v_proj"];

    /// <summary>
    /// Rank-stabilised LoRA (Kalajdzievski 2023): scale by alpha / √r instead of alpha / r, which keeps updates from
    /// shrinking at high ranks. Default false.
    /// </summary>
    public bool UseRsLora { get; init; }

    /// <summary>The factor the adapter's output is multiplied by: alpha / r, or alpha / √r with rsLoRA.</summary>
    public double Scaling => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>The target names with <see cref="AllLinear"/> expanded, sorted and without duplicates.</summary>
    public IReadOnlyList<string> ResolvedTargetModules =>
        TargetModules.Count == 1 && TargetModules[0] == AllLinear
            ? [.. LlamaProjections.Order(StringComparer.Ordinal)]
            : [.. TargetModules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Throws <see cref="ArgumentException"/> naming the option and the problem when a value is out of range.</summary>
    public void Validate()
    {
        if (Rank < 1)
        {
            throw new ArgumentException($"LoraOptions.Rank must be at least 1, got {Rank}.");
        }

        if (!double.IsFinite(Alpha) || Alpha <= 0)
        {
            throw new ArgumentException($"LoraOptions.Alpha must be a positive number, got {Alpha}; it is usually 2 × rank.");
        }

        if (!double.IsFinite(Dropout) || Dropout < 0 || Dropout >= 1)
        {
            throw new ArgumentException($"LoraOptions.Dropout must be in [0, 1), got {Dropout}.");
        }

        if (TargetModules is null || TargetModules.Count == 0)
        {
            throw new ArgumentException($"LoraOptions.TargetModules must name at least one projection ({string.Join(", ", LlamaProjections)}) or be '{AllLinear}'.");
        }

        if (TargetModules.Contains(AllLinear) && TargetModules.Count > 1)
        {
            throw new ArgumentException($"LoraOptions.TargetModules: '{AllLinear}' already selects every projection and cannot be combined with other names.");
        }

        foreach (var name in TargetModules)
        {
            if (name == AllLinear)
            {
                continue;
            }

            var last = string.IsNullOrWhiteSpace(name) ? string.Empty : name[(name.LastIndexOf('.') + 1)..];
            if (!LlamaProjections.Contains(last))
            {
                throw new ArgumentException(
                    $"LoraOptions.TargetModules: '{name}' is not a decoder projection; use {string.Join(", ", LlamaProjections)} or '{AllLinear}'.");
            }
        }
    }

    /// <summary>Whether the projection at <paramref name="path"/> (e.g. <c>model.layers.0.self_attn.q_proj</c>) is targeted.</summary>
    public bool Targets(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var name in ResolvedTargetModules)
        {
            if (path == name || path.EndsWith("." + name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
