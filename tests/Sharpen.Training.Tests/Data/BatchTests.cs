using Sharpen.Training.Data;

namespace Sharpen.Training.Tests.Data;

public sealed class BatchTests
{
    /// <summary>Five rows of length 3 shared by two workers: rows 0–1 and 2–4, each row's ids, mask and length intact.</summary>
    [Fact]
    public void Part_FiveRowsInTwo_GivesConsecutiveRunsThatTogetherAreTheBatch()
    {
        var ids = Enumerable.Range(100, 15).Select(i => (long)i).ToArray();
        var mask = Enumerable.Range(0, 15).Select(i => i % 3 != 0).ToArray();
        var batch = new Batch(5, 3, ids, mask, null, [3, 3, 2, 3, 1]);

        var first = batch.Part(0, 2)!;
        var second = batch.Part(1, 2)!;

        Assert.Equal((2, 3), (first.Rows, first.Length));
        Assert.Equal((3, 3), (second.Rows, second.Length));
        Assert.Equal(ids, first.InputIds.Concat(second.InputIds).ToArray());
        Assert.Equal(mask, first.LossMask.Concat(second.LossMask).ToArray());
        Assert.Equal(new[] { 3, 3 }, first.RowLengths);
        Assert.Equal(new[] { 2, 3, 1 }, second.RowLengths);
        Assert.Equal(batch.TargetTokens, first.TargetTokens + second.TargetTokens);
        Assert.Equal(batch.Tokens, first.Tokens + second.Tokens);
    }

    [Fact]
    public void Part_FewerRowsThanParts_LeavesSomePartsEmptyAndOnePartIsTheBatchItself()
    {
        var batch = new Batch(1, 2, [7, 8], [false, true], [0, 0], [2]);

        Assert.Null(batch.Part(0, 2));
        Assert.Same(batch, batch.Part(1, 2));
        Assert.Same(batch, batch.Part(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Part(2, 2));
    }
}
