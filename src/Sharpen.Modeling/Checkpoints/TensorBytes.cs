using TorchSharp;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// Moves raw little-endian bytes into and out of CPU tensors. TorchSharp exposes a tensor's storage as a
/// <see cref="Span{T}"/>, which cannot exceed 2 GB, so large tensors are copied through flat views in chunks.
/// </summary>
internal static class TensorBytes
{
    /// <summary>Bytes per copy; a whole number of elements of every supported type.</summary>
    internal const long DefaultChunkBytes = 1L << 30;

    /// <summary>A new CPU tensor of <paramref name="type"/> and <paramref name="shape"/> holding a copy of <paramref name="data"/>.</summary>
    public static unsafe torch.Tensor FromBytes(ReadOnlySpan<byte> data, torch.ScalarType type, long[] shape, long chunkBytes = DefaultChunkBytes)
    {
        fixed (byte* pointer = data)
        {
            return FromBytes(pointer, data.Length, type, shape, chunkBytes);
        }
    }

    /// <summary>A new CPU tensor of <paramref name="type"/> and <paramref name="shape"/> holding a copy of the bytes.</summary>
    public static unsafe torch.Tensor FromBytes(byte* data, long length, torch.ScalarType type, long[] shape, long chunkBytes = DefaultChunkBytes)
    {
        var tensor = torch.empty(shape, type);
        try
        {
            var elementSize = tensor.ElementSize;
            if (tensor.NumberOfElements * elementSize != length)
            {
                throw new ArgumentException($"{length} bytes do not fill a {type} tensor of shape [{string.Join(", ", shape)}].", nameof(length));
            }

            if (length == 0)
            {
                return tensor;
            }

            using var flat = tensor.view(-1);
            var chunkElements = Math.Max(1, chunkBytes / elementSize);
            for (long start = 0; start < tensor.NumberOfElements; start += chunkElements)
            {
                var count = Math.Min(chunkElements, tensor.NumberOfElements - start);
                using var part = flat.narrow(0, start, count);
                // The setter takes a Span but only reads from it; the mapping itself is read-only.
                part.bytes = new Span<byte>(data + (start * elementSize), checked((int)(count * elementSize)));
            }

            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Writes the tensor's elements, row-major, little-endian, to <paramref name="stream"/>.</summary>
    public static void WriteTo(torch.Tensor tensor, Stream stream, long chunkBytes = DefaultChunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        var contiguous = cpu.contiguous();
        if (contiguous.NumberOfElements == 0)
        {
            return;
        }

        var flat = contiguous.view(-1);
        var elementSize = contiguous.ElementSize;
        var chunkElements = Math.Max(1, chunkBytes / elementSize);
        for (long start = 0; start < flat.NumberOfElements; start += chunkElements)
        {
            var count = Math.Min(chunkElements, flat.NumberOfElements - start);
            var part = flat.narrow(0, start, count);
            stream.Write(part.bytes);
        }
    }

    /// <summary>Byte length of the tensor's data.</summary>
    public static long ByteLength(torch.Tensor tensor) => tensor.NumberOfElements * tensor.ElementSize;
}
