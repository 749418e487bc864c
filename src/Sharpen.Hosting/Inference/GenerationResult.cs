using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>What a generation produced, with the counts and timing a user (or an OpenAI <c>usage</c> block) needs.</summary>
public sealed record GenerationResult(
    string Text,
    IReadOnlyList<int> TokenIds,
    int PromptTokens,
    int GeneratedTokens,
    FinishReason Finish,
    TimeSpan Elapsed)
{
    /// <summary>Generated tokens per second of wall time (prefill included).</summary>
    public double TokensPerSecond => Elapsed.TotalSeconds > 0 ? GeneratedTokens / Elapsed.TotalSeconds : 0;
}
