namespace Sharpen.Modeling.Generation;

/// <summary>
/// How the next token is chosen from the logits. Applied in transformers' order: repetition penalty, temperature,
/// top-k, top-p, then a draw. Temperature 0 means greedy (argmax), which ignores top-k/top-p and the seed.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding: deterministic, the reference setting for regression tests.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Softmax temperature; 0 = greedy, 1 = the model's distribution, higher = flatter. Default 1.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens before drawing; 0 disables. Default 0.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability sums to at least p; 1 disables. Default 1.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>CTRL-style penalty on tokens already in the context (&gt;1 discourages repeats); 1 disables. Default 1.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>Seed for the draw; the same seed, prompt and options give the same text. Null draws a fresh seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(Temperature) || Temperature < 0)
        {
            throw new ArgumentException($"temperature must be ≥ 0, got {Temperature}.");
        }

        if (TopK < 0)
        {
            throw new ArgumentException($"top_k must be ≥ 0, got {TopK}.");
        }

        if (double.IsNaN(TopP) || TopP <= 0 || TopP > 1)
        {
            throw new ArgumentException($"top_p must be in (0, 1], got {TopP}.");
        }

        if (double.IsNaN(RepetitionPenalty) || RepetitionPenalty <= 0)
        {
            throw new ArgumentException($"repetition_penalty must be > 0, got {RepetitionPenalty}.");
        }
    }
}
