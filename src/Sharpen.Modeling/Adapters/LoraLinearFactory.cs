using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// Builds the <see cref="LinearFactory"/> a LoRA or QLoRA recipe passes to <see cref="LlamaForCausalLM"/>: targeted
/// projections become <see cref="LoraLinear"/> layers, the others stay plain <c>nn.Linear</c>.
/// </summary>
public static class LoraLinearFactory
{
    /// <summary>
    /// A factory for <paramref name="options"/> (validated here). All adapters draw their initial A values from one
    /// generator seeded with <paramref name="seed"/>, in construction order, so the same seed gives the same adapters.
    /// </summary>
    public static LinearFactory Create(LoraOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var generator = new Generator((ulong)seed);
        var rank = options.Rank;
        var alpha = options.Alpha;
        var dropout = options.Dropout;
        var rsLora = options.UseRsLora;
        return (path, inFeatures, outFeatures, bias, dtype) => options.Targets(path)
            ? new LoraLinear(inFeatures, outFeatures, rank, alpha, dropout, rsLora, bias, dtype, generator)
            : Linears.Plain(path, inFeatures, outFeatures, bias, dtype);
    }
}
