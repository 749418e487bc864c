using System.Runtime.Intrinsics;
using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// Inverted dropout, <c>x · mask</c> with mask elements 0 (probability p) or 1 / (1 − p) in x's dtype, exactly the
/// formula of torch's <c>dropout</c> — but the mask comes from a counter-based generator instead of libtorch's
/// <c>bernoulli_</c>. On AMD CPUs libtorch's <c>bernoulli_</c> takes its serial Mersenne-twister path (MKL's vectorised
/// one is used only on Intel): for LoRA on q_proj and v_proj of the SmolLM2-135M shape (60 masks of 1024 × 576 per
/// step) that was 8.5 ms of a 70 ms decoder layer forward + backward, about 12% of a training step.
/// </summary>
/// <remarks>
/// <para>Element i is dropped when the i-th 32-bit word of the SplitMix64 stream (Steele, Lea and Flood 2014; Vigna's
/// splitmix64.c) seeded with one 62-bit draw from <see cref="RandomSource"/> (torch's default generator, or a data-parallel
/// worker's own) is below p · 2³² — word i being the low
/// (even i) or high (odd i) half of output ⌊i/2⌋ + 1, which depends only on the seed and the index, so any element can
/// be computed on its own and the mask is filled in parallel, 32 elements per vector step. Drawing the key from torch's generators keeps everything that already governs randomness in force: seeding,
/// the RNG state saved in checkpoints (so a resumed run draws the same masks) and <c>LayerCheckpoint</c>, which puts
/// the generator back to recompute a layer and so gets the same key, and the same mask, again.</para>
/// <para>The mask is kept by autograd for backward (∂x = ∂y · mask), as torch's dropout keeps its own.</para>
/// </remarks>
public static class CounterDropout
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mix1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Mix2 = 0x94D049BB133111EBUL;

    /// <summary>Elements per parallel chunk: large enough to amortise a task, a multiple of 32 (one vector pass).</summary>
    private const long ChunkElements = 1L << 18;

    /// <summary>
    /// Dropout of <paramref name="input"/> with probability <paramref name="probability"/>; the input itself (no copy)
    /// when <paramref name="training"/> is false or the probability is 0, as torch's dropout does.
    /// </summary>
    public static Tensor Apply(Tensor input, double probability, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!double.IsFinite(probability) || probability < 0 || probability >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Dropout probability must be in [0, 1).");
        }

        if (!training || probability == 0 || input.numel() == 0)
        {
            return input.alias();
        }

        using var mask = Mask(input.shape, probability, input.dtype, RandomSource.NextKey());
        return input.mul(mask);
    }

    /// <summary>
    /// The mask for <paramref name="key"/>: a new contiguous tensor of <paramref name="shape"/> in <paramref name="dtype"/>
    /// (float32, bfloat16 or float16) holding 0 or 1 / (1 − p) rounded to that dtype.
    /// </summary>
    public static Tensor Mask(long[] shape, double probability, ScalarType dtype, ulong key)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var keep = KeepValueBits(1.0 / (1.0 - probability), dtype);
        var threshold = (uint)Math.Min(uint.MaxValue, Math.Round(probability * 4294967296.0));
        var mask = empty(shape, dtype: dtype);
        var count = mask.numel();
        var address = TensorMemory.Address(mask);
        TensorMemory.ForRanges(count, ChunkElements, (_, start, end) =>
        {
            if (dtype == ScalarType.Float32)
            {
                Fill32(address, start, end, key, threshold, keep);
            }
            else
            {
                Fill16(address, start, end, key, threshold, (ushort)keep);
            }
        });
        return mask;
    }

    /// <summary>
    /// The i-th 32-bit word of the SplitMix64 stream seeded with <paramref name="key"/>: output n (from 1) is
    /// mix(key + n · 0x9E3779B97F4A7C15); word i is the low half of output ⌊i/2⌋ + 1 for even i, the high half for odd.
    /// The vector paths compute exactly this.
    /// </summary>
    internal static uint Word(ulong key, long index)
    {
        var z = Mix(key + ((ulong)((index >> 1) + 1) * Golden));
        return (index & 1) == 0 ? (uint)z : (uint)(z >> 32);
    }


    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }

    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(Mix1);
        z = (z ^ (z >> 27)) * Vector512.Create(Mix2);
        return z ^ (z >> 31);
    }

    private static uint KeepValueBits(double scale, ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => BitConverter.SingleToUInt32Bits((float)scale),
        ScalarType.Float16 => BitConverter.HalfToUInt16Bits((Half)scale),
        ScalarType.BFloat16 => TensorMemory.ToBFloat16((float)scale),
        _ => throw new ArgumentException($"Dropout masks are float32, bfloat16 or float16, not {dtype}.", nameof(dtype)),
    };

    private static unsafe void Fill32(IntPtr address, long start, long end, ulong key, uint threshold, uint keep)
    {
        var output = (uint*)address;
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            var stream = new MaskStream(key, threshold, keep, i);
            for (; i + 16 <= end; i += 16)
            {
                stream.Next().Store(output + i);
            }
        }

        for (; i < end; i++)
        {
            output[i] = Word(key, i) >= threshold ? keep : 0u;
        }
    }

    private static unsafe void Fill16(IntPtr address, long start, long end, ulong key, uint threshold, ushort keep)
    {
        var output = (ushort*)address;
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            var stream = new MaskStream(key, threshold, keep, i);
            for (; i + 32 <= end; i += 32)
            {
                Vector512.Narrow(stream.Next(), stream.Next()).Store(output + i);
            }
        }

        for (; i < end; i++)
        {
            output[i] = Word(key, i) >= threshold ? keep : (ushort)0;
        }
    }

    /// <summary>
    /// The mask 16 elements at a time from an even element index: 8 SplitMix64 outputs give 16 words, each compared with
    /// the threshold and turned into 0 or the keep value (in the low bits of a 32-bit lane).
    /// </summary>
    private struct MaskStream(ulong key, uint threshold, uint keep, long start)
    {
        private Vector512<ulong> _counters = Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8) + Vector512.Create((ulong)(start >> 1));

        public Vector512<uint> Next()
        {
            var words = Mix(Vector512.Create(key) + (_counters * Vector512.Create(Golden))).AsUInt32();
            _counters += Vector512.Create(8UL);
            return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(words, Vector512.Create(threshold)), Vector512.Create(keep), Vector512<uint>.Zero);
        }
    }
}
