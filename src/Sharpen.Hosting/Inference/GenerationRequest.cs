using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>A raw-text completion request: the prompt is tokenised as is (no chat template), with the model's BOS.</summary>
public sealed record GenerationRequest(string Prompt, GenerationOptions Options);
