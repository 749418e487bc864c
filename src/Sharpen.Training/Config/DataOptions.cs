namespace Sharpen.Training.Config;

/// <summary>The <c>data:</c> section: tokenised JSONL files (see <c>TokenizedExampleJsonl</c>) and how they are batched.</summary>
public sealed record DataOptions
{
    /// <summary><c>data.train</c>: tokenised training examples. Required.</summary>
    public string Train { get; init; } = "";

    /// <summary><c>data.validation</c>: tokenised validation examples; empty = no validation, no early stopping.</summary>
    public string Validation { get; init; } = "";

    /// <summary><c>data.batching</c>: length_grouped (default) | packed.</summary>
    public BatchingStrategy Batching { get; init; } = BatchingStrategy.LengthGrouped;

    /// <summary><c>data.max_seq_length</c>: longer examples are truncated (an event says how many). Default 512.</summary>
    public int MaxSeqLength { get; init; } = 512;
}
