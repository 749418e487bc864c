namespace Sharpen.Tokenization.Templates;

/// <summary>
/// One turn of a conversation as chat templates see it: <c>role</c> and <c>content</c>, plus <c>tool_calls</c>
/// (assistant), <c>tool_call_id</c> and <c>name</c> (tool results) when set. <c>content</c> is always present, null
/// when absent (OpenAI's convention, which DeepSeek's <c>content is none</c> check relies on).
/// </summary>
public sealed record ChatMessage(string Role, string? Content, IReadOnlyList<ChatToolCall>? ToolCalls = null, string? ToolCallId = null, string? Name = null);
