namespace Sharpen.Modeling.Generation;

/// <summary>What to generate and when to stop.</summary>
public sealed record GenerationOptions
{
    /// <summary>Upper bound on generated tokens (the context window may stop generation earlier). Default 256.</summary>
    public int MaxNewTokens { get; init; } = 256;

    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Token ids that end generation (usually the tokenizer's EOS and end-of-turn ids); not included in the text.</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    /// <summary>Strings that end generation; the text is cut before the first occurrence.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public void Validate()
    {
        if (MaxNewTokens < 0)
        {
            throw new ArgumentException($"max_new_tokens must be ≥ 0, got {MaxNewTokens}.");
        }

        if (StopStrings.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("stop strings must not be empty.");
        }

        Sampling.Validate();
    }
}
