using static TorchSharp.torch;

namespace Sharpen.Modeling.Quantization;

/// <summary>
/// A weight stored in NF4: <see cref="Packed"/> holds two 4-bit code indices per byte (first element in the high nibble)
/// and <see cref="Absmax"/> one float32 scale per block. That is 0.5 + 4 / blockSize bytes per weight (0.5625 at block 64),
/// about 1/7 of float32 and 1/3.6 of bfloat16. Dispose it to free the storage.
/// </summary>
public sealed class Nf4Tensor : IDisposable
{
    internal Nf4Tensor(Tensor packed, Tensor absmax, long[] shape, int blockSize)
    {
        Packed = packed;
        Absmax = absmax;
        Shape = shape;
        BlockSize = blockSize;
    }

    /// <summary>uint8 [ceil(n / blockSize) * blockSize / 2]; the padding of the last block quantises zeros.</summary>
    public Tensor Packed { get; }

    /// <summary>float32 [ceil(n / blockSize)]: each block's absolute maximum.</summary>
    public Tensor Absmax { get; }

    /// <summary>The shape of the original tensor.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Elements per quantisation block.</summary>
    public int BlockSize { get; }

    /// <summary>Number of elements of the original tensor.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes held by the packed codes and the scales.</summary>
    public long StorageBytes => Packed.numel() + (Absmax.numel() * sizeof(float));

    public void Dispose()
    {
        Packed.Dispose();
        Absmax.Dispose();
    }
}
