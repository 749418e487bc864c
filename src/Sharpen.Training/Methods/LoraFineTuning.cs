using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Methods;

/// <summary>
/// LoRA (Hu et al. 2021), and QLoRA (Dettmers et al. 2023) when <paramref name="quantizeBase"/>: the target projections
/// get low-rank adapters; only the adapters train (fp32), the base stays frozen in the compute dtype — or, for QLoRA,
/// in 4-bit NF4, dequantised on the fly.
/// </summary>
internal sealed class LoraFineTuning(LoraOptions options, long seed, bool quantizeBase, bool trainEmbeddings = false) : IFineTuningMethod
{
    /// <summary>The token embedding matrix (shared with the output layer when tied).</summary>
    public const string EmbeddingsName = "model.embed_tokens.weight";

    public LinearFactory? Linear { get; } = LoraLinearFactory.Create(options, seed);

    /// <summary>Whether the token embeddings train beside the adapters.</summary>
    public bool TrainsEmbeddings => trainEmbeddings;

    public Func<string, bool>? AllowMissing => LoraLayers.IsAdapterParameter;

    public ScalarType WeightDType(ComputeDType compute) => compute == ComputeDType.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;

    public bool UsesComputeReplica(ComputeDType compute) => false;

    /// <summary>QLoRA only: its point is memory, and activations are most of what is left once the base is 4-bit.</summary>
    public bool CheckpointsActivations => quantizeBase;

    public void AfterLoad(LlamaForCausalLM model)
    {
        if (quantizeBase)
        {
            LoraLayers.QuantizeBases(model);
        }
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> SelectTrainable(LlamaForCausalLM model)
    {
        ArgumentNullException.ThrowIfNull(model);
        LoraLayers.FreezeAllButAdapters(model);
        if (trainEmbeddings)
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name == EmbeddingsName)
                {
                    parameter.requires_grad = true;
                }
            }
        }

        return [.. model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter))];
    }
}
