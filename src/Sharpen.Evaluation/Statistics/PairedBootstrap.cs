namespace Sharpen.Evaluation.Statistics;

/// <summary>A metric difference (second − first) with its bootstrap confidence interval.</summary>
/// <param name="Difference">mean of the per-example differences on the real sample</param>
/// <param name="Lower">lower bound of the interval</param>
/// <param name="Upper">upper bound of the interval</param>
/// <param name="PValue">two-sided bootstrap p-value for "no difference"</param>
public sealed record BootstrapInterval(double Difference, double Lower, double Upper, double PValue)
{
    /// <summary>True when the interval excludes zero.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>
/// Paired bootstrap (Koehn 2004; Efron &amp; Tibshirani): resample example indices with replacement, recompute the mean
/// difference of a per-example metric, and read the percentile interval. Paired, because both systems answered the same
/// examples — which removes the between-example variance a two-sample test would carry.
/// </summary>
public static class PairedBootstrap
{
    /// <param name="first">per-example scores of the baseline</param>
    /// <param name="second">per-example scores of the candidate, same order</param>
    /// <param name="resamples">number of bootstrap samples (default 2,000)</param>
    /// <param name="confidence">interval coverage (default 0.95)</param>
    /// <param name="seed">seed of the resampling; the same inputs and seed give the same interval</param>
    public static BootstrapInterval Compare(IReadOnlyList<double> first, IReadOnlyList<double> second, int resamples = 2000, double confidence = 0.95, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count || first.Count == 0)
        {
            throw new ArgumentException($"Paired scores need equal, non-zero lengths ({first.Count} vs {second.Count}).");
        }

        CheckSettings(resamples, confidence);

        var n = first.Count;
        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = second[i] - first[i];
        }

        var observed = differences.Average();
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }

            means[r] = sum / n;
        }

        return Summarize(means, observed, confidence);
    }

    /// <summary>
    /// The paired bootstrap for corpus-level metrics (corpus BLEU, macro-F1, token-weighted loss), which are not means
    /// of per-example scores: each resample draws example indices with replacement and recomputes both systems' metric
    /// on the same draw (Koehn 2004's procedure for BLEU). <paramref name="first"/> and <paramref name="second"/> get the
    /// drawn indices (repeats included) and return the metric of that sample.
    /// </summary>
    /// <param name="count">number of examples both systems answered</param>
    public static BootstrapInterval CompareCorpus(int count, Func<IReadOnlyList<int>, double> first, Func<IReadOnlyList<int>, double> second, int resamples = 1000, double confidence = 0.95, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        CheckSettings(resamples, confidence);

        var all = Enumerable.Range(0, count).ToArray();
        var observed = second(all) - first(all);
        var random = new Random(seed);
        var sample = new int[count];
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < count; i++)
            {
                sample[i] = random.Next(count);
            }

            means[r] = second(sample) - first(sample);
        }

        return Summarize(means, observed, confidence);
    }

    private static void CheckSettings(int resamples, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie in (0, 1).");
        }
    }

    /// <summary>The percentile interval and two-sided p of resampled differences around the observed one.</summary>
    private static BootstrapInterval Summarize(double[] resampled, double observed, double confidence)
    {
        Array.Sort(resampled);
        var alpha = (1 - confidence) / 2;
        var lower = Percentile(resampled, alpha);
        var upper = Percentile(resampled, 1 - alpha);

        // Two-sided p: how often the resampled difference lands on the other side of zero (or on it), doubled.
        var notAbove = resampled.Count(m => m <= 0) / (double)resampled.Length;
        var notBelow = resampled.Count(m => m >= 0) / (double)resampled.Length;
        var p = Math.Min(1.0, 2 * Math.Min(notAbove, notBelow));
        return new BootstrapInterval(observed, lower, upper, p);
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
