using Sharpen.Core.Training;
using Sharpen.Training.Config;

namespace Sharpen.Training.Data;

/// <summary>
/// Turns examples into the micro-batches of one epoch. The order is a pure function of (seed, epoch), so a resumed run
/// rebuilds exactly the batches it would have seen and only has to remember its position.
/// </summary>
internal sealed class BatchPlanner
{
    /// <summary>Length grouping sorts within windows of this many batches (as transformers' LengthGroupedSampler does),
    /// keeping padding low while leaving the order random at the scale of the epoch.</summary>
    private const int GroupWindowBatches = 50;

    private readonly IReadOnlyList<TokenizedExample> _examples;
    private readonly BatchingStrategy _strategy;
    private readonly int _batchSize;
    private readonly int _maxSeqLength;
    private readonly int _lengthQuantum;

    /// <param name="examples">The tokenized examples; longer ones are cut to <paramref name="maxSeqLength"/>.</param>
    /// <param name="strategy">Padding to the longest example of a length-grouped batch, or packing.</param>
    /// <param name="batchSize">Rows per micro-batch.</param>
    /// <param name="maxSeqLength">The longest row.</param>
    /// <param name="lengthQuantum">Every batch's length is rounded up to a multiple of this (capped at
    /// <paramref name="maxSeqLength"/>); see <see cref="DefaultLengthQuantum"/>. 1 keeps the longest row's length.</param>
    public BatchPlanner(IReadOnlyList<TokenizedExample> examples, BatchingStrategy strategy, int batchSize, int maxSeqLength, int lengthQuantum = DefaultLengthQuantum)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeqLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lengthQuantum);
        _strategy = strategy;
        _batchSize = batchSize;
        _maxSeqLength = maxSeqLength;
        _lengthQuantum = lengthQuantum;
        var kept = new List<TokenizedExample>(examples.Count);
        foreach (var example in examples)
        {
            var fitted = example.InputIds.Length > maxSeqLength
                ? new TokenizedExample(example.InputIds[..maxSeqLength], example.LossMask[..maxSeqLength])
                : example;
            if (example.InputIds.Length > maxSeqLength)
            {
                Truncated++;
            }

            if (fitted.TargetCount > 0)
            {
                kept.Add(fitted);
            }
            else
            {
                SkippedWithoutTargets++;
            }
        }

        _examples = kept;
    }

    /// <summary>
    /// Batch lengths are padded up to a multiple of this many tokens. Every distinct length is a new shape for every
    /// matmul and attention product, and libtorch keeps native state per shape — oneDNN's primitive cache and ideep's
    /// cache hold up to 1,024 JIT-compiled kernels each, and the C allocator keeps blocks of every size seen. With
    /// examples of 32–256 tokens, exact lengths made a bf16 soak's RSS climb for hundreds of steps (bench/README.md,
    /// "bf16 variable-length soak"); multiples of 16 leave at most 16 shapes. 16 is also what
    /// <c>LlamaAttention.Grouped</c> pads to, so it pads nothing more. The padding is right padding like any other: loss
    /// mask false, and unseen by real tokens (causal attention; packed rows mark it as segment −1).
    /// </summary>
    public const int DefaultLengthQuantum = 16;

    /// <summary>Examples cut to <c>max_seq_length</c>.</summary>
    public int Truncated { get; }

    /// <summary>Examples dropped because no target token was left (after truncation).</summary>
    public int SkippedWithoutTargets { get; }

    /// <summary>Examples that take part in training.</summary>
    public int ExampleCount => _examples.Count;

    /// <summary>The micro-batches of <paramref name="epoch"/>, in training order.</summary>
    public IReadOnlyList<Batch> PlanEpoch(int seed, int epoch)
    {
        var rng = SplitMix64.ForEpoch(seed, epoch);
        var order = Enumerable.Range(0, _examples.Count).ToList();
        rng.Shuffle(order);
        if (_strategy == BatchingStrategy.Packed)
        {
            return Pack(order);
        }

        var batches = new List<Batch>();
        var window = _batchSize * GroupWindowBatches;
        for (var start = 0; start < order.Count; start += window)
        {
            var group = order.Skip(start).Take(window).OrderByDescending(i => _examples[i].InputIds.Length).ToList();
            for (var b = 0; b < group.Count; b += _batchSize)
            {
                batches.Add(Padded(group.Skip(b).Take(_batchSize).ToList()));
            }
        }

        rng.Shuffle(batches);
        return batches;
    }

    /// <summary>Validation batches: every example once, sorted by length, no shuffling.</summary>
    public IReadOnlyList<Batch> PlanEvaluation()
    {
        var order = Enumerable.Range(0, _examples.Count).OrderByDescending(i => _examples[i].InputIds.Length).ToList();
        var batches = new List<Batch>();
        for (var b = 0; b < order.Count; b += _batchSize)
        {
            batches.Add(Padded(order.Skip(b).Take(_batchSize).ToList()));
        }

        return batches;
    }

    /// <summary><paramref name="longest"/> rounded up to the quantum, but never past <c>max_seq_length</c>.</summary>
    private int PaddedLength(int longest) => Math.Min(_maxSeqLength, (longest + _lengthQuantum - 1) / _lengthQuantum * _lengthQuantum);

    private Batch Padded(List<int> members)
    {
        var length = PaddedLength(members.Max(i => _examples[i].InputIds.Length));
        var ids = new long[members.Count * length];
        var mask = new bool[members.Count * length];
        var rowLengths = new int[members.Count];
        for (var r = 0; r < members.Count; r++)
        {
            var example = _examples[members[r]];
            rowLengths[r] = example.InputIds.Length;
            for (var t = 0; t < example.InputIds.Length; t++)
            {
                ids[(r * length) + t] = example.InputIds[t];
                mask[(r * length) + t] = t > 0 && example.LossMask[t];
            }
        }

        return new Batch(members.Count, length, ids, mask, segments: null, rowLengths);
    }

    private List<Batch> Pack(List<int> order)
    {
        // First fit in order: an example that does not fit in the current row starts the next one.
        var rows = new List<List<int>>();
        var current = new List<int>();
        var used = 0;
        foreach (var index in order)
        {
            var size = _examples[index].InputIds.Length;
            if (used + size > _maxSeqLength && current.Count > 0)
            {
                rows.Add(current);
                current = [];
                used = 0;
            }

            current.Add(index);
            used += size;
        }

        if (current.Count > 0)
        {
            rows.Add(current);
        }

        var batches = new List<Batch>();
        for (var b = 0; b < rows.Count; b += _batchSize)
        {
            batches.Add(PackedBatch(rows.Skip(b).Take(_batchSize).ToList()));
        }

        return batches;
    }

    private Batch PackedBatch(List<List<int>> rows)
    {
        var length = PaddedLength(rows.Max(r => r.Sum(i => _examples[i].InputIds.Length)));
        var ids = new long[rows.Count * length];
        var mask = new bool[rows.Count * length];
        var segments = new int[rows.Count * length];
        Array.Fill(segments, -1);
        var rowLengths = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var offset = r * length;
            for (var s = 0; s < rows[r].Count; s++)
            {
                var example = _examples[rows[r][s]];
                for (var t = 0; t < example.InputIds.Length; t++)
                {
                    ids[offset + t] = example.InputIds[t];

                    // An example's first token is never a target: predicting it would read the previous example.
                    mask[offset + t] = t > 0 && example.LossMask[t];
                    segments[offset + t] = s;
                }

                offset += example.InputIds.Length;
            }

            rowLengths[r] = offset - (r * length);
        }

        return new Batch(rows.Count, length, ids, mask, segments, rowLengths);
    }
}
