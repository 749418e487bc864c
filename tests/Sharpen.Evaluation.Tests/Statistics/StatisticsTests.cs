using Sharpen.Evaluation.Statistics;

namespace Sharpen.Evaluation.Tests.Statistics;

public sealed class StatisticsTests
{
    [Theory]
    // Two-sided exact binomial tails, worked from the definition: 2·Σ_{i≤k} C(n,i)/2^n.
    [InlineData(0, 5, 0.0625)] // 2·1/32
    [InlineData(1, 9, 0.021484375)] // 2·(1+10)/1024
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(3, 10, 0.09228515625)] // 2·(1+13+78+286)/8192
    public void McNemar_ExactPValue_MatchesTheBinomialTail(int b, int c, double expected)
    {
        Assert.Equal(expected, McNemarTest.ExactPValue(b, c), 12);
    }

    [Fact]
    public void McNemar_LargeCounts_StayFinite()
    {
        var p = McNemarTest.ExactPValue(4000, 4300);

        Assert.InRange(p, 0.0, 0.05);
        Assert.Equal(McNemarTest.ExactPValue(4300, 4000), p, 15);
    }

    [Fact]
    public void McNemar_Run_CountsDiscordantPairs()
    {
        bool[] a = [true, true, false, false, true];
        bool[] b = [true, false, true, true, true];

        var result = McNemarTest.Run(a, b);

        Assert.Equal(1, result.OnlyFirstCorrect);
        Assert.Equal(2, result.OnlySecondCorrect);
        Assert.Equal(1.0, result.PValue); // 2·(1+3)/8 capped at 1
    }

    [Fact]
    public void Bootstrap_IdenticalSystems_ZeroDifferenceAndPValueOne()
    {
        double[] scores = [0.1, 0.5, 0.9, 0.3];

        var interval = PairedBootstrap.Compare(scores, scores);

        Assert.Equal(0, interval.Difference);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0, interval.Upper);
        Assert.Equal(1.0, interval.PValue);
        Assert.False(interval.ExcludesZero);
    }

    [Fact]
    public void Bootstrap_ClearlyBetterSystem_IntervalExcludesZero()
    {
        // 200 examples: baseline right on 40%, candidate right on the same ones plus 30% more.
        var baseline = Enumerable.Range(0, 200).Select(i => i % 10 < 4 ? 1.0 : 0.0).ToArray();
        var candidate = Enumerable.Range(0, 200).Select(i => i % 10 < 7 ? 1.0 : 0.0).ToArray();

        var interval = PairedBootstrap.Compare(baseline, candidate);

        Assert.Equal(0.3, interval.Difference, 12);
        Assert.True(interval.ExcludesZero);
        Assert.InRange(interval.Lower, 0.2, 0.3);
        Assert.InRange(interval.Upper, 0.3, 0.4);
        Assert.True(interval.PValue < 0.001);
    }

    [Fact]
    public void Bootstrap_SameSeed_SameInterval()
    {
        var a = Enumerable.Range(0, 50).Select(i => Math.Sin(i)).ToArray();
        var b = Enumerable.Range(0, 50).Select(i => Math.Cos(i)).ToArray();

        Assert.Equal(PairedBootstrap.Compare(a, b, seed: 3), PairedBootstrap.Compare(a, b, seed: 3));
        Assert.NotEqual(PairedBootstrap.Compare(a, b, seed: 3), PairedBootstrap.Compare(a, b, seed: 4));
    }
}
