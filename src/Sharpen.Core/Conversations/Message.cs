namespace Sharpen.Core.Conversations;

/// <summary>
/// One turn of a <see cref="Conversation"/>. Kept deliberately close to an OpenAI chat message so that data can be
/// round-tripped to the OpenAI JSONL fine-tuning format without loss.
/// </summary>
/// <param name="Role">Who speaks.</param>
/// <param name="Content">The text; empty (never null) for an assistant turn that only calls tools.</param>
public sealed record Message(Role Role, string Content)
{
    /// <summary>
    /// Training weight of an assistant message: 1 (train on it) or 0 (context only). Null means "not given", which
    /// OpenAI treats as 1.
    /// </summary>
    public int? Weight { get; init; }

    /// <summary>Optional participant or function name (the OpenAI <c>name</c> key).</summary>
    public string? Name { get; init; }

    /// <summary>Raw JSON of an assistant's <c>tool_calls</c> array (or legacy <c>function_call</c>), kept verbatim.</summary>
    public string? ToolCallsJson { get; init; }

    /// <summary>The id of the call a tool message answers (<c>tool_call_id</c>).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>True when the message is trained on: an assistant message whose weight is not 0.</summary>
    public bool IsTrainable => Role == Role.Assistant && Weight != 0;
}
