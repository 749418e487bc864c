namespace Sharpen.Training.Config;

/// <summary>What the training data files hold (<c>data.format</c>).</summary>
public enum DataFormat
{
    /// <summary>Decide from the first line: <c>input_ids</c> means tokenised, anything else is read as chat data.</summary>
    Auto,

    /// <summary>Conversations (OpenAI chat JSONL or any format the data step reads), rendered with the model's prompt format.</summary>
    Chat,

    /// <summary>Already tokenised examples: <c>{"input_ids":[...],"loss_mask":[...]}</c> per line.</summary>
    Tokenized,
}
