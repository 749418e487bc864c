namespace Sharpen.Hosting.Models;

/// <summary>A request named a model the registry does not have (OpenAI's <c>model_not_found</c>).</summary>
public sealed class ModelNotFoundException(string modelId)
    : Exception($"The model '{modelId}' does not exist or you do not have access to it.")
{
    public string ModelId { get; } = modelId;
}
