using Sharpen.Core.Conversations;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// A chat completion request in Sharpen's terms (the HTTP edge and <see cref="SharpenChatClient"/> both map onto it).
/// Unset values take OpenAI's defaults: temperature 1, top_p 1, one choice, and as many tokens as the context allows.
/// </summary>
/// <param name="Model">A model id from the <see cref="Models.ModelRegistry"/>.</param>
/// <param name="Messages">The conversation so far; the reply continues it in the model's own prompt format.</param>
public sealed record ChatRequest(string Model, IReadOnlyList<Message> Messages)
{
    /// <summary>Most tokens per choice (at least 1); null = up to the context window.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>0–2; 0 is greedy decoding. Null = 1.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus mass in [0, 1]; 0 keeps only the most likely token. Null = 1.</summary>
    public double? TopP { get; init; }

    /// <summary>Keep only the k most likely tokens before drawing (not an OpenAI parameter; <c>IChatClient</c> has it). Null or 0 = off.</summary>
    public int? TopK { get; init; }

    /// <summary>Up to 4 non-empty strings that end a choice (not included in its text).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>With the same seed, prompt and settings the text repeats; choice i draws with seed + i.</summary>
    public long? Seed { get; init; }

    /// <summary>Independent completions to generate (1–16).</summary>
    public int N { get; init; } = 1;
}
