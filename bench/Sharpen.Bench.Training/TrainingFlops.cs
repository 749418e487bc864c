using Sharpen.Modeling.Llama;

namespace Sharpen.Bench.Training;

/// <summary>
/// Model FLOPs per trained token — the "useful" work MFU divides by time, whatever the implementation recomputes or
/// casts (so NF4 dequantisation, dtype casts and softmax are not counted). With N the matmul parameters (every decoder
/// projection plus the output head, which is the embedding matrix when tied; the embedding lookup itself is not a
/// matmul), L layers, d = heads·head_dim and T the sequence length:
/// <list type="bullet">
/// <item>full fine-tuning: 6N + 12·L·T·d — forward 2N, backward 4N (gradients w.r.t. activations and weights), plus
/// attention's QKᵀ and A·V at 4·L·T·d forward and twice that backward (PaLM, Chowdhery et al. 2022, appendix B);</item>
/// <item>LoRA and QLoRA: 4N + 6·Nₐ + 12·L·T·d — the frozen base costs forward 2N and backward w.r.t. activations 2N
/// but no weight gradients; the Nₐ adapter parameters cost the full 6 per token; attention is all activations, so it
/// costs the same as in full fine-tuning.</item>
/// </list>
/// Attention is counted over the full T×T square, as PaLM does, although causal kernels may skip half of it.
/// </summary>
internal static class TrainingFlops
{
    /// <summary>Parameters that take part in a matmul for every token (decoder projections + output head).</summary>
    public static long MatmulParameters(LlamaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        long hidden = config.HiddenSize;
        long attention = (long)config.NumAttentionHeads * config.HeadDim;
        long keyValue = (long)config.NumKeyValueHeads * config.HeadDim;
        var perLayer = (hidden * attention) + (2 * hidden * keyValue) + (attention * hidden) + (3 * hidden * config.IntermediateSize);
        return (perLayer * config.NumHiddenLayers) + ((long)config.VocabSize * hidden);
    }

    /// <param name="config">the architecture</param>
    /// <param name="sequenceLength">T, tokens per row</param>
    /// <param name="adapterParameters">Nₐ for LoRA/QLoRA; null for full fine-tuning</param>
    public static double PerToken(LlamaConfig config, long sequenceLength, long? adapterParameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        double n = MatmulParameters(config);
        var attention = 12.0 * config.NumHiddenLayers * sequenceLength * config.NumAttentionHeads * config.HeadDim;
        return adapterParameters is { } na
            ? (4 * n) + (6.0 * na) + attention
            : (6 * n) + attention;
    }
}
