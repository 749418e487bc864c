namespace Sharpen.Evaluation.Scoring;

/// <summary>One test example as one system answered it.</summary>
public sealed record ExampleResult
{
    /// <summary>Position of the example in the test file (0-based, among its valid examples).</summary>
    public required int Index { get; init; }

    /// <summary>The last user turn (what the example asks).</summary>
    public required string Prompt { get; init; }

    public required string Reference { get; init; }

    /// <summary>What the system produced, verbatim.</summary>
    public required string Output { get; init; }

    /// <summary>The part of <see cref="Output"/> that is scored (for classification: its first line, trimmed).</summary>
    public required string Prediction { get; init; }

    /// <summary>Per-example metric scores by <see cref="MetricDefinition.Key"/>.</summary>
    public required IReadOnlyDictionary<string, double> Scores { get; init; }

    /// <summary>Whether the answer counts as correct (the suite's correctness metric), when it has one.</summary>
    public bool? Correct { get; init; }

    /// <summary>Wall time from the request to the first generated token (prefill + one step); null without a model.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Mean time per output token after the first; null without a model or with fewer than two tokens.</summary>
    public double? MsPerOutputToken { get; init; }

    /// <summary>Wall time for the whole answer.</summary>
    public double LatencyMs { get; init; }

    public int TokensIn { get; init; }

    public int TokensOut { get; init; }

    /// <summary>Summed next-token loss (nats) of the reference answer under teacher forcing; null without a model.</summary>
    public double? ReferenceLossSum { get; init; }

    /// <summary>Tokens the reference loss is summed over (the answer's tokens, end-of-turn included).</summary>
    public int ReferenceTokens { get; init; }
}
