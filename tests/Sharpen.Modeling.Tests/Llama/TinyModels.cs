using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

/// <summary>Small, seeded, randomly initialised models for invariant tests (no checkpoint needed).</summary>
internal static class TinyModels
{
    public static LlamaConfig Config(string modelType = "llama", bool tied = true, int? slidingWindow = null) => new()
    {
        ModelType = modelType,
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 8,
        VocabSize = 64,
        MaxPositionEmbeddings = 128,
        RmsNormEps = 1e-5,
        TieWordEmbeddings = tied,
        QkvBias = modelType == "qwen2",
        SlidingWindow = slidingWindow,
    };

    public static LlamaForCausalLM Create(LlamaConfig config, long seed = 7, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(seed);
        var model = new LlamaForCausalLM(config, dtype);
        using (no_grad())
        {
            // Default init leaves norms at 1 and biases small; perturb everything so every parameter matters.
            foreach (var (_, p) in model.named_parameters())
            {
                p.add_(randn_like(p) * 0.1);
            }
        }

        model.eval();
        return model;
    }
}
