namespace Sharpen.Data.Analysis;

/// <summary>
/// Size statistics of the examples that survived cleaning. Token figures are null without a tokenizer; they count
/// message contents only (a chat template adds a few tokens per message on top).
/// </summary>
public sealed record DatasetStatistics
{
    /// <summary>Examples counted.</summary>
    public int Examples { get; init; }

    /// <summary>Fewest messages in an example.</summary>
    public int MinMessages { get; init; }

    /// <summary>Most messages in an example.</summary>
    public int MaxMessages { get; init; }

    /// <summary>Mean messages per example.</summary>
    public double MeanMessages { get; init; }

    /// <summary>Fewest tokens in an example.</summary>
    public int? MinTokens { get; init; }

    /// <summary>Median tokens per example (nearest rank).</summary>
    public int? MedianTokens { get; init; }

    /// <summary>95th percentile of tokens per example (nearest rank).</summary>
    public int? P95Tokens { get; init; }

    /// <summary>Most tokens in an example.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Sum of tokens over all examples: what one epoch trains on (before template overhead).</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Examples longer than the context length (counted before they were removed).</summary>
    public int? OverContext { get; init; }

    /// <summary>The context length the figures were checked against.</summary>
    public int? ContextLength { get; init; }

    internal static DatasetStatistics From(IReadOnlyList<int> messageCounts, List<int>? tokenCounts, int overContext, int? contextLength)
    {
        var stats = new DatasetStatistics
        {
            Examples = messageCounts.Count,
            MinMessages = messageCounts.Count == 0 ? 0 : messageCounts.Min(),
            MaxMessages = messageCounts.Count == 0 ? 0 : messageCounts.Max(),
            MeanMessages = messageCounts.Count == 0 ? 0 : messageCounts.Average(),
        };
        if (tokenCounts is null)
        {
            return stats;
        }

        tokenCounts.Sort();
        return stats with
        {
            MinTokens = tokenCounts.Count == 0 ? 0 : tokenCounts[0],
            MedianTokens = NearestRank(tokenCounts, 0.5),
            P95Tokens = NearestRank(tokenCounts, 0.95),
            MaxTokens = tokenCounts.Count == 0 ? 0 : tokenCounts[^1],
            TotalTokens = tokenCounts.Sum(t => (long)t),
            OverContext = overContext,
            ContextLength = contextLength,
        };
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p of the data at or below it.</summary>
    internal static int NearestRank(IReadOnlyList<int> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
