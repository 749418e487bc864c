using Sharpen.Modeling.Llama;

namespace Sharpen.Bench;

/// <summary>Model shapes the benchmarks share (linked into each benchmark project).</summary>
internal static class BenchModels
{
    /// <summary>SmolLM2-135M's published config.json: hidden 576, 30 layers, 9 heads, 3 KV heads, intermediate 1536, vocab 49152.</summary>
    public static LlamaConfig SmolLm2Shape { get; } = new()
    {
        ModelType = "llama",
        HiddenSize = 576,
        IntermediateSize = 1536,
        NumHiddenLayers = 30,
        NumAttentionHeads = 9,
        NumKeyValueHeads = 3,
        HeadDim = 64,
        VocabSize = 49152,
        MaxPositionEmbeddings = 8192,
        RmsNormEps = 1e-5,
        RopeTheta = 100000,
        TieWordEmbeddings = true,
        BosTokenId = 0,
        EosTokenIds = [0],
    };
}
