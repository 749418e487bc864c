using static TorchSharp.torch;

namespace Sharpen.Modeling.Quantization;

/// <summary>
/// 4-bit NormalFloat (NF4) blockwise quantisation from QLoRA (Dettmers et al. 2023, "QLoRA: Efficient Finetuning of
/// Quantized LLMs", section 3 and appendix E): each block of <see cref="DefaultBlockSize"/> consecutive weights is scaled
/// by its absolute maximum into [-1, 1] and every value is replaced by the index of the nearest of 16 code values that
/// split a standard normal distribution into equal-probability bins (with an exact zero). Two 4-bit indices are packed
/// per byte, the first element of each pair in the high nibble, as bitsandbytes' <c>kQuantizeBlockwise</c> packs them.
/// </summary>
public static class Nf4
{
    /// <summary>QLoRA's block size for the first-level quantisation constants.</summary>
    public const int DefaultBlockSize = 64;

    /// <summary>
    /// The 16 NF4 code values in index order. Source: bitsandbytes <c>csrc/kernels.cu</c> (<c>nf4_dequantization_lut</c>)
    /// and <c>bitsandbytes/functional.py</c> (<c>get_4bit_type("nf4")</c>), the published table of the QLoRA paper's
    /// appendix E; they are float32 values, so they are kept as floats here.
    /// </summary>
    public static IReadOnlyList<float> Codebook { get; } =
    [
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f,
    ];

    private static readonly Tensor s_pairTable = BuildPairTable();

    /// <summary>
    /// Quantises <paramref name="weight"/> (any float dtype and shape) blockwise over its flattened elements. The result
    /// owns new tensors; <paramref name="weight"/> is left untouched, so the caller decides when to free it.
    /// </summary>
    public static Nf4Tensor Quantize(Tensor weight, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (blockSize < 2 || blockSize % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The NF4 block size must be an even number of at least 2.");
        }

        if (!weight.is_floating_point())
        {
            throw new ArgumentException($"NF4 quantises floating-point weights, not {weight.dtype}.", nameof(weight));
        }

        var shape = weight.shape;
        var count = weight.numel();
        if (count == 0)
        {
            throw new ArgumentException("An empty tensor cannot be quantised.", nameof(weight));
        }

        var blocks = (count + blockSize - 1) / blockSize;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = weight.detach().reshape(-1).to(ScalarType.Float32);
        var padded = blocks * blockSize == count ? flat : nn.functional.pad(flat, [0, (blocks * blockSize) - count]);
        var grid = padded.view(blocks, blockSize);
        var absmax = grid.abs().amax([1]);

        // An all-zero block has absmax 0: divide by 1 instead, every value then lands on the exact zero code.
        var safe = where(absmax > 0, absmax, ones_like(absmax));
        var normalized = grid / safe.unsqueeze(1);
        var codes = Codebook.ToArray();
        var midpoints = new float[codes.Length - 1];
        for (var i = 0; i < midpoints.Length; i++)
        {
            midpoints[i] = (codes[i] + codes[i + 1]) / 2;
        }

        // Index of the nearest code = number of midpoints below the value (ties go to the lower code).
        var indices = bucketize(normalized, tensor(midpoints), outInt32: true).view(-1, 2);
        var packed = ((indices.select(1, 0) * 16) + indices.select(1, 1)).to(ScalarType.Byte);
        return new Nf4Tensor(packed.MoveToOuterDisposeScope(), absmax.MoveToOuterDisposeScope(), shape, blockSize);
    }

    /// <summary>Rebuilds the full tensor from <paramref name="quantized"/> in <paramref name="dtype"/>.</summary>
    public static Tensor Dequantize(Nf4Tensor quantized, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // One lookup per byte into a 256 × 2 table of (high-nibble code, low-nibble code) keeps the transient index
        // tensor at half the element count, in int32.
        var pairs = s_pairTable.index_select(0, quantized.Packed.to(ScalarType.Int32));
        var values = pairs.view(-1, quantized.BlockSize) * quantized.Absmax.unsqueeze(1);
        var count = quantized.Shape.Aggregate(1L, (a, b) => a * b);
        var result = values.view(-1).narrow(0, 0, count).view([.. quantized.Shape]).to(dtype);
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor BuildPairTable()
    {
        var values = new float[256 * 2];
        for (var b = 0; b < 256; b++)
        {
            values[2 * b] = Codebook[b >> 4];
            values[(2 * b) + 1] = Codebook[b & 0xF];
        }

        var table = tensor(values).view(256, 2);
        table.DetachFromDisposeScope();
        return table;
    }
}
