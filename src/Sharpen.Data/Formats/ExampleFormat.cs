namespace Sharpen.Data.Formats;

/// <summary>
/// The shape of one example inside a file. <see cref="Auto"/> votes over the first records' keys; set a value to
/// override a wrong guess.
/// </summary>
public enum ExampleFormat
{
    /// <summary>Detect from the keys of the first records.</summary>
    Auto,

    /// <summary>OpenAI chat: <c>{"messages":[{"role","content","weight"?}, ...]}</c>.</summary>
    Chat,

    /// <summary>Legacy completion: <c>{"prompt","completion"}</c> (also <c>question</c>/<c>answer</c>).</summary>
    PromptCompletion,

    /// <summary>Alpaca: <c>{"instruction","input","output"}</c>; input may be empty.</summary>
    Alpaca,

    /// <summary>ShareGPT: <c>{"conversations":[{"from":"human"|"gpt"|...,"value"}]}</c>.</summary>
    ShareGpt,

    /// <summary>Plain text for continued pre-training: <c>{"text"}</c>; becomes one assistant message.</summary>
    Text,

    /// <summary>Preference pairs (DPO): <c>{"input":{"messages"},"preferred_output","non_preferred_output"}</c>.</summary>
    Preference,

    /// <summary>Flat columns mapped by a <see cref="ColumnMapping"/> (CSV rows, classification data).</summary>
    Columns,
}
