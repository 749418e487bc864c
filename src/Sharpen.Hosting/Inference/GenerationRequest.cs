using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// A completion request. By default the prompt is tokenised as is (with the model's BOS); with <see cref="Chat"/> it is
/// sent as a user message through the model's prompt format, the way a fine-tuned chat model was trained.
/// </summary>
public sealed record GenerationRequest(string Prompt, GenerationOptions Options)
{
    public bool Chat { get; init; }
}
