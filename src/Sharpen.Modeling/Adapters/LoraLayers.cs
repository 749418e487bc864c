using Sharpen.Modeling.Quantization;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// Whole-model operations on the <see cref="LoraLinear"/> layers a <see cref="LoraLinearFactory"/> put into a model:
/// finding them, freezing everything else, counting, and QLoRA's in-place quantisation of their bases.
/// </summary>
public static class LoraLayers
{
    private const string ASuffix = ".lora_A.weight";
    private const string BSuffix = ".lora_B.weight";

    /// <summary>
    /// Whether <paramref name="name"/> is an adapter parameter (<c>….lora_A.weight</c> / <c>….lora_B.weight</c>). Pass it
    /// as <c>allowMissing</c> to <c>LlamaForCausalLM.FromPretrained</c>, since a base checkpoint has no adapters.
    /// </summary>
    public static bool IsAdapterParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(ASuffix, StringComparison.Ordinal) || name.EndsWith(BSuffix, StringComparison.Ordinal);
    }

    /// <summary>The LoRA layers of <paramref name="model"/> with their module paths, in registration order.</summary>
    public static IReadOnlyList<(string Path, LoraLinear Layer)> Find(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.named_modules().Where(m => m.module is LoraLinear).Select(m => (m.name, (LoraLinear)m.module))];
    }

    /// <summary>
    /// Makes only lora_A/lora_B trainable (<c>requires_grad</c>) and freezes every other parameter (embeddings, norms,
    /// lm_head, bases). Fails when the model has no adapter, which would silently train nothing.
    /// </summary>
    public static ParameterCount FreezeAllButAdapters(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var adapters = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            var adapter = IsAdapterParameter(name);
            parameter.requires_grad = adapter;
            adapters += adapter ? 1 : 0;
        }

        if (adapters == 0)
        {
            throw new InvalidOperationException("The model has no LoRA layers: build it with LoraLinearFactory.Create(...) as its LinearFactory.");
        }

        return Count(model);
    }

    /// <summary>Trainable (requires_grad) versus all weights, counting an NF4 base by its original element count.</summary>
    public static ParameterCount Count(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long trainable = 0;
        long total = 0;
        foreach (var parameter in model.parameters())
        {
            total += parameter.numel();
            trainable += parameter.requires_grad ? parameter.numel() : 0;
        }

        foreach (var (_, layer) in Find(model))
        {
            total += layer.QuantizedWeight?.ElementCount ?? 0;
        }

        return new ParameterCount(trainable, total);
    }

    /// <summary>
    /// QLoRA step after loading the checkpoint: quantises the base weight of every LoRA layer to NF4 in place, one layer
    /// at a time, freeing each full-precision weight. Returns the base-weight bytes before and after.
    /// </summary>
    public static (long BytesBefore, long BytesAfter) QuantizeBases(nn.Module model, int blockSize = Nf4.DefaultBlockSize)
    {
        var layers = Find(model);
        if (layers.Count == 0)
        {
            throw new InvalidOperationException("The model has no LoRA layers whose bases could be quantised.");
        }

        long before = 0;
        long after = 0;
        foreach (var (_, layer) in layers)
        {
            before += layer.BaseWeightBytes;
            layer.QuantizeBase(blockSize);
            after += layer.BaseWeightBytes;
        }

        return (before, after);
    }
}
