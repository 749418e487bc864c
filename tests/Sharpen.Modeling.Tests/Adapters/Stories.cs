using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Llama;
using Sharpen.TestKit;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

/// <summary>stories260K (shared/models/stories260K-hf) with and without adapters, and helpers the adapter tests share.</summary>
internal static class Stories
{
    public static string Folder => SharedData.Path("models", "stories260K-hf");

    public static LlamaForCausalLM Base(ScalarType dtype = ScalarType.Float32) => LlamaForCausalLM.FromPretrained(Folder, dtype);

    public static LlamaForCausalLM WithLora(LoraOptions options, long seed = 1, ScalarType dtype = ScalarType.Float32) =>
        LlamaForCausalLM.FromPretrained(Folder, dtype, LoraLinearFactory.Create(options, seed), LoraLayers.IsAdapterParameter);

    /// <summary>A fixed prompt: BOS and token ids from the model's vocabulary.</summary>
    public static Tensor Ids() => tensor(new long[] { 1, 403, 261, 378, 275, 327, 284, 267, 300, 362, 415, 270 }).unsqueeze(0);

    /// <summary>Gives every B a non-zero value so the adapters change the output (a trained adapter's state).</summary>
    public static void Perturb(LlamaForCausalLM model, long seed = 3)
    {
        manual_seed(seed);
        using var noGrad = no_grad();
        foreach (var (_, layer) in LoraLayers.Find(model))
        {
            layer.LoraB.copy_(randn_like(layer.LoraB) * 0.05);
        }
    }

    public static Tensor Logits(LlamaForCausalLM model)
    {
        model.eval();
        using var ids = Ids();
        using var noGrad = no_grad();
        return model.forward(ids);
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var diff = (a.to(ScalarType.Float32) - b.to(ScalarType.Float32)).abs().max();
        return diff.item<float>();
    }
}
