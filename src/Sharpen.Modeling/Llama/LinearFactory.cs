using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Builds the projection at <paramref name="path"/> (its Hugging Face module path, e.g.
/// <c>model.layers.3.self_attn.q_proj</c>). The default makes a plain <c>nn.Linear</c>; fine-tuning recipes pass a factory
/// that puts LoRA (or quantised-base LoRA) layers on the target modules, so adapters are part of the model from
/// construction instead of being patched in afterwards.
/// </summary>
public delegate nn.Module<Tensor, Tensor> LinearFactory(string path, int inFeatures, int outFeatures, bool bias, ScalarType dtype);

/// <summary>The plain projections every model starts from.</summary>
public static class Linears
{
    public static LinearFactory Plain { get; } = (_, inFeatures, outFeatures, bias, dtype) =>
        nn.Linear(inFeatures, outFeatures, hasBias: bias, dtype: dtype);
}
