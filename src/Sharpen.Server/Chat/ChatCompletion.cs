namespace Sharpen.Server.Chat;

/// <summary>OpenAI's <c>chat.completion</c> object.</summary>
internal sealed record ChatCompletion(
    string Id, string Object, long Created, string Model, string? SystemFingerprint, IReadOnlyList<ChatCompletionChoice> Choices, CompletionUsage Usage);

/// <summary>One choice of a <see cref="ChatCompletion"/>.</summary>
internal sealed record ChatCompletionChoice(int Index, AssistantMessage Message, object? Logprobs, string FinishReason);

/// <summary>The generated message.</summary>
internal sealed record AssistantMessage(string Role, string Content, string? Refusal);

/// <summary>Token counts: the prompt once, completions summed over the choices.</summary>
internal sealed record CompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
