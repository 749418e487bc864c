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

    /// <summary>
    /// <c>data.format</c>: auto (default) | chat | tokenized. Chat files (OpenAI chat JSONL, as <c>sharpen data prepare</c>
    /// writes them, or any format the data step reads) are rendered with the model's prompt format and tokenised with
    /// its tokenizer; tokenised files hold <c>{"input_ids":[...],"loss_mask":[...]}</c> lines. Auto looks at the first line.
    /// </summary>
    public DataFormat Format { get; init; } = DataFormat.Auto;

    /// <summary><c>data.train_on_inputs</c>: train on every token, not just the assistant's (chat files only). Default false.</summary>
    public bool TrainOnInputs { get; init; }

    /// <summary><c>data.max_seq_length</c>: longer examples are truncated (an event says how many). Default 512.</summary>
    public int MaxSeqLength { get; init; } = 512;
}
