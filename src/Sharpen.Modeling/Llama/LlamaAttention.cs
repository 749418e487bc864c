using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Grouped-query self-attention with rotary embeddings. Field names are the Hugging Face checkpoint keys
/// (<c>self_attn.q_proj</c> ...), so <c>state_dict()</c> lines up with <c>model.safetensors</c> without a mapping table.
/// </summary>
public sealed class LlamaAttention : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> q_proj;
    private readonly nn.Module<Tensor, Tensor> k_proj;
    private readonly nn.Module<Tensor, Tensor> v_proj;
    private readonly nn.Module<Tensor, Tensor> o_proj;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;

    /// <summary>Sequence lengths are padded to a multiple of this in <see cref="Grouped"/>.</summary>
    private const long LengthQuantum = 16;

    public LlamaAttention(LlamaConfig config, ScalarType dtype, string path, LinearFactory linear)
        : base(nameof(LlamaAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(linear);
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        q_proj = linear($"{path}.q_proj", config.HiddenSize, _heads * _headDim, config.QkvBias, dtype);
        k_proj = linear($"{path}.k_proj", config.HiddenSize, _kvHeads * _headDim, config.QkvBias, dtype);
        v_proj = linear($"{path}.v_proj", config.HiddenSize, _kvHeads * _headDim, config.QkvBias, dtype);
        o_proj = linear($"{path}.o_proj", _heads * _headDim, config.HiddenSize, config.OutputBias, dtype);
        RegisterComponents();
    }

    /// <param name="hidden">[B, T, hidden]</param>
    /// <param name="cos">rotary cos table [T, headDim] for this call's positions</param>
    /// <param name="sin">rotary sin table [T, headDim]</param>
    /// <param name="mask">boolean [T, S] or [B, 1, T, S] (true = may attend), or null for plain causal attention</param>
    /// <param name="cache">past keys/values, or null without a cache</param>
    /// <param name="layer">this layer's index in <paramref name="cache"/></param>
    public Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache, int layer)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = NewDisposeScope();
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var queries = q_proj.forward(hidden);
        var keys = k_proj.forward(hidden);
        var v = v_proj.forward(hidden).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var scale = 1.0 / Math.Sqrt(_headDim);
        if (cache is null && hidden.dtype != ScalarType.Float32 && length > 1)
        {
            // Whole sequences in reduced precision (training): the power-of-two score scale goes onto the queries.
            var queryScale = double.IsPow2(scale) ? scale : 1.0;
            var (rotatedQueries, rotatedKeys) = BFloat16Rotary.IsSupported(queries, cos)
                ? (BFloat16Rotary.Apply(queries, _heads, cos, sin, queryScale), BFloat16Rotary.Apply(keys, _kvHeads, cos, sin, 1.0))
                : (Scaled(Heads(queries, _heads, batch, length, cos, sin), queryScale), Heads(keys, _kvHeads, batch, length, cos, sin));
            return o_proj.forward(Grouped(rotatedQueries, rotatedKeys, v, mask, batch, length, queryScale == 1.0 ? scale : 1.0)).MoveToOuterDisposeScope();
        }

        var q = Heads(queries, _heads, batch, length, cos, sin);
        var k = Heads(keys, _kvHeads, batch, length, cos, sin);
        if (cache is not null)
        {
            (k, v) = cache.Update(layer, k, v);
        }

        if (_kvHeads != _heads)
        {
            // Head h reads key/value head h / (heads / kvHeads), as transformers' repeat_kv does.
            var repeats = _heads / _kvHeads;
            k = k.repeat_interleave(repeats, dim: 1);
            v = v.repeat_interleave(repeats, dim: 1);
        }

        var attended = mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: length > 1)
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim);
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    private static Tensor Scaled(Tensor tensor, double scale) => scale == 1.0 ? tensor : tensor * scale;

    /// <summary>A projection's output [B, T, n·headDim] as rotated heads [B, n, T, headDim] (operator path).</summary>
    private Tensor Heads(Tensor projected, int count, long batch, long length, Tensor cos, Tensor sin) =>
        RotaryEmbedding.Apply(projected.view(batch, length, count, _headDim).transpose(1, 2), cos, sin);

    /// <summary>
    /// Attention over a whole sequence in a reduced-precision dtype, as transformers' eager attention computes it
    /// (scores = q·kᵀ · scale in the activation dtype, masked, softmax computed in float32 and stored back in that dtype,
    /// then · v), with the query heads that share a key/value head stacked into one product instead of repeating keys
    /// and values. On this CPU libtorch's fused bf16 attention kernel takes 2.4 times the CPU time of these two batched
    /// products plus a softmax at training shapes (T = 256, head dim 64, forward + backward: 42 ms against 17 ms per
    /// layer, one thread) — and training runs every layer through here. float32 keeps the fused kernel, so the float32
    /// reference path is unchanged.
    /// </summary>
    /// <remarks>
    /// The sequence is padded to a multiple of <see cref="LengthQuantum"/> inside this function. Every distinct product
    /// shape costs oneDNN a cached kernel and the allocator a differently sized block; with variable-length batches
    /// (32–256 tokens) unpadded shapes made a bf16 soak's RSS climb ~300 MB above the fused kernel's over 2,000 steps.
    /// Padded keys sit after every real query, so the causal mask already hides them; padded queries attend causally like
    /// any row (never to nothing, which would put NaN into the key and value gradients) and are cut off afterwards.
    /// When the scale 1/√headDim is a power of two (head dim 64: 1/8) the caller scales the queries instead of the scores
    /// (for bfloat16 inside the fused rotary pass, <see cref="BFloat16Rotary"/>, at no cost): the scores come out bit for
    /// bit the same — multiplying by a power of two is exact in binary floating point and commutes with the product's
    /// rounding — and no pass over the T² scores (or its backward) is needed.
    /// </remarks>
    /// <param name="q">rotated query heads [B, heads, T, headDim], already scaled when the scale is a power of two</param>
    /// <param name="k">rotated key heads [B, kvHeads, T, headDim]</param>
    /// <param name="v">value heads [B, kvHeads, T, headDim]</param>
    /// <param name="mask">as for <see cref="forward"/></param>
    /// <param name="batch">B</param>
    /// <param name="length">T</param>
    /// <param name="scoreScale">what the scores still need multiplying by (1 when the queries carry the scale)</param>
    /// <returns>[B, T, heads·headDim]</returns>
    private Tensor Grouped(Tensor q, Tensor k, Tensor v, Tensor? mask, long batch, long length, double scoreScale)
    {
        var padded = (length + LengthQuantum - 1) / LengthQuantum * LengthQuantum;
        var extra = padded - length;
        if (extra > 0)
        {
            q = nn.functional.pad(q, [0, 0, 0, extra]);
            k = nn.functional.pad(k, [0, 0, 0, extra]);
            v = nn.functional.pad(v, [0, 0, 0, extra]);
        }

        var group = _heads / _kvHeads;
        var grouped = q.reshape(batch, _kvHeads, group * padded, _headDim); // head h = kv head h / group, as repeat_kv
        var scores = grouped.matmul(k.transpose(-2, -1)).view(batch, _kvHeads, group, padded, padded);
        if (scoreScale != 1.0)
        {
            scores = scores * scoreScale;
        }

        var allowed = ones(padded, padded, dtype: ScalarType.Bool).tril();
        if (mask is not null)
        {
            // [T, S] or [B, 1, T, S] → [B, 1, 1, P, P] over (kv head, group), the real block replaced by the given mask.
            var given = mask.dim() == 4 ? mask.unsqueeze(2) : mask.unsqueeze(0).unsqueeze(0).unsqueeze(0);
            allowed = allowed.expand(given.shape[0], 1, 1, padded, padded).clone();
            allowed.narrow(3, 0, length).narrow(4, 0, length).copy_(given);
        }

        // The mask as an additive bias (0 where allowed, −∞ elsewhere): the same scores as masked_fill (x + 0 = x), but its
        // backward is the identity, where masked_fill's backward is another full pass over the scores — 8 of 50 ms of
        // CPU per layer's attention forward + backward at T = 256 (one thread).
        var bias = zeros(allowed.shape, dtype: scores.dtype).masked_fill_(allowed.logical_not(), double.NegativeInfinity);
        var probabilities = (scores + bias)
            .softmax(-1)
            .view(batch, _kvHeads, group * padded, padded);
        var attended = probabilities.matmul(v).view(batch, _heads, padded, _headDim);
        if (extra > 0)
        {
            attended = attended.narrow(2, 0, length);
        }

        return attended.transpose(1, 2).reshape(batch, length, _heads * _headDim);
    }
}
