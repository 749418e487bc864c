using Sharpen.Evaluation.Statistics;

namespace Sharpen.Evaluation.Tests.Statistics;

public sealed class CorpusBootstrapTests
{
    [Fact]
    public void CompareCorpus_SameSystem_HasZeroDifferenceAndPOne()
    {
        double[] scores = [0.1, 0.5, 0.9, 0.3];
        double Mean(IReadOnlyList<int> s) => s.Average(i => scores[i]);

        var interval = PairedBootstrap.CompareCorpus(scores.Length, Mean, Mean);

        Assert.Equal(new BootstrapInterval(0, 0, 0, 1.0), interval);
    }

    [Fact]
    public void CompareCorpus_MeanMetric_AgreesWithThePerExampleBootstrap()
    {
        // With the mean as the corpus metric both procedures estimate the same difference; the observed value is exact
        // and the intervals (different draws) agree to within the resampling noise.
        var random = new Random(5);
        var first = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var second = first.Select(x => x + 0.1 + ((random.NextDouble() - 0.5) * 0.2)).ToArray();

        var perExample = PairedBootstrap.Compare(first, second);
        var corpus = PairedBootstrap.CompareCorpus(first.Length, s => s.Average(i => first[i]), s => s.Average(i => second[i]));

        Assert.Equal(perExample.Difference, corpus.Difference, 12);
        Assert.Equal(perExample.Lower, corpus.Lower, 2);
        Assert.Equal(perExample.Upper, corpus.Upper, 2);
        Assert.True(corpus.ExcludesZero);
    }

    [Fact]
    public void CompareCorpus_SameSeed_SameInterval()
    {
        double[] a = [0, 1, 0, 1, 1, 0, 1, 1];
        double Metric(IReadOnlyList<int> s) => s.Sum(i => a[i]) / s.Count;

        Assert.Equal(PairedBootstrap.CompareCorpus(a.Length, _ => 0.5, Metric, seed: 9), PairedBootstrap.CompareCorpus(a.Length, _ => 0.5, Metric, seed: 9));
    }
}
