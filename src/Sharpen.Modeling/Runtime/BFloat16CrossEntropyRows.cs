using System.Numerics;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Runtime;

/// <summary>
/// Cross-entropy over rows of bfloat16 logits, with what training needs from the same pass: per row the maximum, its
/// first index (for accuracy), log Σ exp(z − max) + max − z_target, and optionally softmax − one-hot written as
/// bfloat16. All arithmetic is float32. A row (49,152 logits for a SmolLM vocabulary) is read three times while it is in
/// the core's cache — maximum, exponentials into a float32 scratch row, normalisation — where the same work as libtorch
/// operations is a float32 copy of the whole slice, then max, gather, subtract, exp, sum, divide, scatter and a cast
/// back, each a pass over 25 MB.
/// </summary>
public static class BFloat16CrossEntropyRows
{
    private const int Block = 32;

    /// <summary>Whether <paramref name="logits"/> can take this path (bfloat16 on the CPU, 512-bit vectors).</summary>
    public static bool IsSupported(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return TensorMemory.IsFusable(logits) && logits.dim() == 2;
    }

    /// <param name="logits">[n, V] bfloat16</param>
    /// <param name="targets">[n] int64 target ids</param>
    /// <param name="gradient">[n, V] bfloat16 (may be a row range of a larger contiguous tensor) to receive
    /// softmax − one-hot, or null</param>
    /// <returns>the loss summed over the rows (accumulated in float64) and the rows whose first arg-max is the target</returns>
    public static unsafe (double LossSum, long Correct) Score(Tensor logits, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = NewDisposeScope();
        var source = logits.contiguous();
        var rows = source.shape[0];
        var width = source.shape[1];
        var ids = targets.to(ScalarType.Int64).contiguous().data<long>().ToArray();
        if (ids.Length != rows)
        {
            throw new ArgumentException($"{ids.Length} targets for {rows} rows of logits.", nameof(targets));
        }

        var input = TensorMemory.Address(source);
        var output = gradient is null ? IntPtr.Zero : TensorMemory.Address(gradient);
        var losses = new double[rows];
        var hits = new bool[rows];
        Parallel.For(
            0,
            rows,
            () => new float[width],
            (row, _, scratch) =>
            {
                (losses[row], hits[row]) = Row((ushort*)input + (row * width), ids[row], output == IntPtr.Zero ? null : (ushort*)output + (row * width), width, scratch);
                return scratch;
            },
            _ => { });
        return (losses.Sum(), hits.LongCount(h => h));
    }

    private static unsafe (double Loss, bool Hit) Row(ushort* z, long target, ushort* gradient, long width, float[] scratch)
    {
        if (target < 0 || target >= width)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"Target id outside the vocabulary of {width}.");
        }

        var blocks = width / Block * Block;

        // Maximum.
        var maxima = Vector512.Create(float.NegativeInfinity);
        for (long j = 0; j < blocks; j += Block)
        {
            var (a, b) = TensorMemory.LoadBFloat16(z + j);
            maxima = Vector512.Max(maxima, Vector512.Max(a, b));
        }

        var max = float.NegativeInfinity;
        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            max = MathF.Max(max, maxima.GetElement(lane));
        }

        for (var j = blocks; j < width; j++)
        {
            max = MathF.Max(max, TensorMemory.FromBFloat16(z[j]));
        }

        // Its first index.
        var argmax = -1L;
        var wanted = Vector512.Create(max);
        for (long j = 0; j < blocks && argmax < 0; j += Block)
        {
            var (a, b) = TensorMemory.LoadBFloat16(z + j);
            var bits = Vector512.Equals(a, wanted).ExtractMostSignificantBits() | (Vector512.Equals(b, wanted).ExtractMostSignificantBits() << 16);
            if (bits != 0)
            {
                argmax = j + BitOperations.TrailingZeroCount(bits);
            }
        }

        for (var j = blocks; j < width && argmax < 0; j++)
        {
            if (TensorMemory.FromBFloat16(z[j]) == max)
            {
                argmax = j;
            }
        }

        // exp(z − max) into the scratch row, and their sum.
        fixed (float* exps = scratch)
        {
            var shift = Vector512.Create(max);
            var sums = Vector512<float>.Zero;
            for (long j = 0; j < blocks; j += Block)
            {
                var (a, b) = TensorMemory.LoadBFloat16(z + j);
                var ea = Vector512.Exp(a - shift);
                var eb = Vector512.Exp(b - shift);
                ea.Store(exps + j);
                eb.Store(exps + j + 16);
                sums += ea + eb;
            }

            var sum = Vector512.Sum(sums);
            for (var j = blocks; j < width; j++)
            {
                exps[j] = MathF.Exp(TensorMemory.FromBFloat16(z[j]) - max);
                sum += exps[j];
            }

            var loss = MathF.Log(sum) + max - TensorMemory.FromBFloat16(z[target]);
            if (gradient is not null)
            {
                var inverse = Vector512.Create(1f / sum);
                for (long j = 0; j < blocks; j += Block)
                {
                    TensorMemory.StoreBFloat16(Vector512.Load(exps + j) * inverse, Vector512.Load(exps + j + 16) * inverse, gradient + j);
                }

                for (var j = blocks; j < width; j++)
                {
                    gradient[j] = TensorMemory.ToBFloat16(exps[j] / sum);
                }

                gradient[target] = TensorMemory.ToBFloat16((exps[target] / sum) - 1f);
            }

            return (loss, argmax == target);
        }
    }
}
