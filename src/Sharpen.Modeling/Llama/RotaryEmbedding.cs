using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Rotary position embedding in Hugging Face's rotate-half layout: the first and second halves of each head are the
/// two coordinates of each rotated pair (checkpoints converted from Meta's interleaved layout have Q/K rows permuted to
/// match). Frequencies are computed in fp32 and the cos/sin tables cast to the activation dtype, as transformers does.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _inverseFrequencies;

    public RotaryEmbedding(int headDim, double theta, RopeScaling? scaling)
    {
        var half = headDim / 2;
        var inv = new double[half];
        for (var i = 0; i < half; i++)
        {
            inv[i] = 1.0 / Math.Pow(theta, 2.0 * i / headDim);
        }

        if (scaling is not null)
        {
            inv = scaling.Apply(inv);
        }

        _inverseFrequencies = tensor(inv.Select(f => (float)f).ToArray(), dtype: ScalarType.Float32);
    }

    /// <summary>cos and sin tables of shape [T, headDim] for positions <paramref name="start"/>..start+T-1.</summary>
    public (Tensor Cos, Tensor Sin) Tables(long start, long length, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var positions = arange(start, start + length, dtype: ScalarType.Float32);
        var freqs = outer(positions, _inverseFrequencies);
        var emb = cat([freqs, freqs], dim: -1);
        var cosTable = emb.cos().to_type(dtype).MoveToOuterDisposeScope();
        var sinTable = emb.sin().to_type(dtype).MoveToOuterDisposeScope();
        return (cosTable, sinTable);
    }

    /// <summary>Applies the rotation to <paramref name="x"/> of shape [B, heads, T, headDim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([x2.neg(), x1], dim: -1);
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }

    public void Dispose() => _inverseFrequencies.Dispose();
}
