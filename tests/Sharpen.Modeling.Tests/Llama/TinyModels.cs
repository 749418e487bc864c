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
        var model = new LlamaForCausalLM(config, dtype);
        // Every value comes from this test's own generator, never the global one: tests run in parallel, and another
        // test seeding or drawing from the global generator must not change these weights.
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                var noise = randn(p.shape, dtype: ScalarType.Float32, generator: generator) * 0.1;
                p.copy_(name.EndsWith("norm.weight", StringComparison.Ordinal) ? noise + 1.0 : noise * 3.0);
            }
        }

        model.eval();
        return model;
    }
}
