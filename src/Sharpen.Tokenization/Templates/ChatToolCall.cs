namespace Sharpen.Tokenization.Templates;

/// <summary>
/// A tool call made by the assistant, in the shape chat templates read: <c>{"id", "type": "function",
/// "function": {"name", "arguments"}}</c>. <paramref name="Arguments"/> is either a dictionary (transformers'
/// recommended form; Llama 3.x and Qwen render it with <c>tojson</c>) or a JSON string (OpenAI's form; DeepSeek and
/// functionary concatenate it as text): pass what the template expects.
/// </summary>
public sealed record ChatToolCall(string Name, object? Arguments, string? Id = null, string Type = "function");
