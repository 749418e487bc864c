using static TorchSharp.torch;

namespace Sharpen.Training.Data;

/// <summary>
/// One micro-batch, as plain arrays until it is needed as tensors: token ids [Rows, Length] (right-padded with 0), the
/// loss mask (true = the token is a target), and for packed rows the example each token belongs to.
/// </summary>
internal sealed class Batch
{
    public Batch(int rows, int length, long[] inputIds, bool[] lossMask, int[]? segments, int[] rowLengths)
    {
        Rows = rows;
        Length = length;
        InputIds = inputIds;
        LossMask = lossMask;
        Segments = segments;
        RowLengths = rowLengths;
        Tokens = segments is null ? rowLengths.Sum(l => (long)l) : segments.Count(s => s >= 0);
        for (var r = 0; r < rows; r++)
        {
            for (var t = 1; t < length; t++)
            {
                if (lossMask[(r * length) + t])
                {
                    TargetTokens++;
                }
            }
        }
    }

    public int Rows { get; }

    public int Length { get; }

    public long[] InputIds { get; }

    public bool[] LossMask { get; }

    /// <summary>Per token: the index of its example within the row (packing), -1 for padding; null when unpacked.</summary>
    public int[]? Segments { get; }

    /// <summary>Real (non-padding) tokens.</summary>
    public long Tokens { get; }

    /// <summary>Tokens the loss is computed on.</summary>
    public long TargetTokens { get; }

    /// <summary>Per row, how many leading tokens are real (the rest is padding).</summary>
    public int[] RowLengths { get; }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> near-equal runs of consecutive rows (the data-parallel
    /// workers' shares), at the same padded length; null when this batch has too few rows to give that part any.
    /// </summary>
    public Batch? Part(int part, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, parts);
        var first = (int)((long)part * Rows / parts);
        var count = (int)((long)(part + 1) * Rows / parts) - first;
        if (count == 0)
        {
            return null;
        }

        if (count == Rows)
        {
            return this;
        }

        var start = first * Length;
        var size = count * Length;
        return new Batch(count, Length, InputIds[start..(start + size)], LossMask[start..(start + size)], Segments?[start..(start + size)], RowLengths[first..(first + count)]);
    }

    public Tensor Ids() => tensor(InputIds, [Rows, Length], ScalarType.Int64);

    public Tensor Mask() => tensor(LossMask, [Rows, Length]);

    /// <summary>
    /// The attention mask [Rows, 1, Length, Length] (true = may attend): causal within an example, nothing across
    /// examples. Padding tokens attend to themselves only, so no row of the softmax is empty. Null for unpacked
    /// batches: with right padding, plain causal attention never lets a real token see a pad.
    /// </summary>
    public Tensor? AttentionMask()
    {
        if (Segments is null)
        {
            return null;
        }

        using var scope = NewDisposeScope();
        var segments = tensor(Segments, [Rows, Length], ScalarType.Int32);
        var positions = arange(Length, dtype: ScalarType.Int64);
        var causal = positions.unsqueeze(0) <= positions.unsqueeze(1); // [q, k]: k <= q
        var same = segments.unsqueeze(2).eq(segments.unsqueeze(1)); // [B, q, k]
        var padSelf = segments.lt(0).unsqueeze(2).logical_and(eye(Length, dtype: ScalarType.Bool).unsqueeze(0));
        var realPair = same.logical_and(segments.ge(0).unsqueeze(2));
        var allowed = realPair.logical_and(causal.unsqueeze(0)).logical_or(padSelf);
        return allowed.unsqueeze(1).MoveToOuterDisposeScope();
    }
}
