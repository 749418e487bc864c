using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>One completed choice: its text, why it stopped and the tokens it generated (the stop token included).</summary>
public sealed record ChatChoice(int Index, string Text, FinishReason Finish, int CompletionTokens);

/// <summary>Token counts as OpenAI's <c>usage</c> reports them: the prompt once, completions summed over choices.</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>A finished chat completion.</summary>
public sealed record ChatResult(string Model, IReadOnlyList<ChatChoice> Choices, ChatUsage Usage);
