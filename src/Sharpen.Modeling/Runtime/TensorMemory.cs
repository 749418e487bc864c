using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Runtime;

/// <summary>
/// Raw access to CPU tensor memory for the few kernels Sharpen writes itself (fused element-wise passes that libtorch
/// would run as many separate operations), and the bfloat16 conversions they share: a bfloat16 is the upper half of a
/// float32, so widening is a 16-bit shift and narrowing rounds to nearest even, as libtorch's <c>c10::BFloat16</c> does.
/// </summary>
internal static class TensorMemory
{
    /// <summary>Whether the fused bfloat16 kernels can take <paramref name="tensor"/>: bfloat16, on the CPU, with 512-bit vectors.</summary>
    public static bool IsFusable(Tensor tensor) =>
        Vector512.IsHardwareAccelerated && tensor.dtype == ScalarType.BFloat16 && tensor.device_type == TorchSharp.DeviceType.CPU;

    /// <summary>
    /// A range size that splits <paramref name="count"/> items (rows) into about two ranges per libtorch thread, so the
    /// thread pool can balance them while each range stays large.
    /// </summary>
    public static long RangeSizeForThreads(long count)
    {
        var ranges = Math.Max(1, Math.Min(count, 2L * Math.Max(1, get_num_threads())));
        return Math.Max(1, (count + ranges - 1) / ranges);
    }

    /// <summary>Number of ranges <see cref="ForRanges"/> makes of <paramref name="count"/> items in ranges of <paramref name="size"/>.</summary>
    public static long RangeCount(long count, long size) => (count + size - 1) / size;

    /// <summary>
    /// Runs <paramref name="body"/>(range index, start, end) over [0, count) in ranges of <paramref name="size"/>: in
    /// parallel, or one after another on the calling thread when libtorch runs this thread's operators on one thread
    /// (a data-parallel training worker, or a user's <c>threads: 1</c>), so the kernels never take a core it was not given.
    /// </summary>
    public static void ForRanges(long count, long size, Action<long, long, long> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (get_num_threads() <= 1)
        {
            var ranges = RangeCount(count, size);
            for (long range = 0; range < ranges; range++)
            {
                var start = range * size;
                body(range, start, Math.Min(count, start + size));
            }

            return;
        }

        Parallel.For(0, RangeCount(count, size), range =>
        {
            var start = range * size;
            body(range, start, Math.Min(count, start + size));
        });
    }

    /// <summary>Address of element 0 of a contiguous CPU tensor (storage base + storage offset).</summary>
    public static unsafe IntPtr Address(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.is_contiguous())
        {
            throw new ArgumentException("Raw access needs a contiguous tensor.", nameof(tensor));
        }

        return THSStorage_data_ptr(tensor.Handle) + (nint)(tensor.storage_offset() * tensor.ElementSize);
    }

    /// <summary>float32 → bfloat16 bits, round to nearest even; NaN stays a (quiet) NaN.</summary>
    public static ushort ToBFloat16(float value)
    {
        if (float.IsNaN(value))
        {
            return 0x7FC0;
        }

        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>bfloat16 bits → float32 (exact).</summary>
    public static float FromBFloat16(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>32 bfloat16 values at <paramref name="source"/> as two float32 vectors (elements 0–15, 16–31).</summary>
    public static unsafe (Vector512<float> Lower, Vector512<float> Upper) LoadBFloat16(ushort* source)
    {
        var (lower, upper) = Vector512.Widen(Vector512.Load(source));
        return ((lower << 16).AsSingle(), (upper << 16).AsSingle());
    }

    /// <summary>Rounds two float32 vectors to bfloat16 (as <see cref="ToBFloat16"/>) and stores the 32 values.</summary>
    public static unsafe void StoreBFloat16(Vector512<float> lower, Vector512<float> upper, ushort* destination) =>
        Vector512.Narrow(Round(lower), Round(upper)).Store(destination);

    /// <summary>Each element rounded to the nearest bfloat16 (ties to even), still as float32.</summary>
    public static Vector512<float> RoundToBFloat16(Vector512<float> value) => (Round(value) << 16).AsSingle();

    private static Vector512<uint> Round(Vector512<float> value)
    {
        var bits = value.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        return Vector512.ConditionalSelect(Vector512.Equals(value, value).AsUInt32(), rounded, Vector512.Create(0x7FC0u));
    }

    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSStorage_data_ptr(IntPtr tensor);
}
