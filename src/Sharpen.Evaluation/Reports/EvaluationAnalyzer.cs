using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Statistics;
using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Verdicts;

namespace Sharpen.Evaluation.Reports;

/// <summary>
/// Turns the systems' answers into a report: every metric of every system with a bootstrap 95% interval, every metric
/// difference tuned − baseline with a paired bootstrap interval (McNemar's exact test for 0/1 metrics), and the verdict
/// against the best baseline on the primary metric.
/// </summary>
public static class EvaluationAnalyzer
{
    /// <summary>Resamples for per-example metrics (cheap: a mean per draw).</summary>
    public const int PerExampleResamples = 2000;

    /// <summary>Resamples for corpus metrics (BLEU and macro-F1 are recomputed per draw).</summary>
    public const int CorpusResamples = 1000;

    /// <param name="tuned">the tuned model's answers</param>
    /// <param name="baselines">the baselines' answers, same examples in the same order</param>
    public static EvaluationReport Analyze(
        EvaluationSettings settings,
        TaskDetection task,
        SystemResult tuned,
        IReadOnlyList<SystemResult> baselines,
        DateTimeOffset created,
        ForgettingCheck? forgetting = null,
        LossCurves? curves = null,
        IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(tuned);
        ArgumentNullException.ThrowIfNull(baselines);
        settings.Policy.Validate();
        if (baselines.Count == 0)
        {
            throw new ArgumentException("A verdict needs at least one baseline.", nameof(baselines));
        }

        var n = tuned.Examples.Count;
        foreach (var baseline in baselines)
        {
            if (baseline.Examples.Count != n || baseline.Examples.Where((e, i) => e.Index != tuned.Examples[i].Index).Any())
            {
                throw new ArgumentException($"System '{baseline.Name}' did not answer the same examples as '{tuned.Name}' in the same order.", nameof(baselines));
            }
        }

        if (n == 0)
        {
            throw new ArgumentException("No examples were evaluated.", nameof(tuned));
        }

        var suite = MetricSuite.For(task.Task);
        var systems = new List<SystemResult> { tuned };
        systems.AddRange(baselines);
        var estimates = new List<MetricEstimate>();
        foreach (var system in systems)
        {
            foreach (var metric in suite.Metrics.Where(m => MetricSuite.Has(m.Key, system.Examples)))
            {
                var interval = PairedBootstrap.CompareCorpus(n, _ => 0, s => suite.Compute(metric.Key, system.Examples, s), Resamples(metric), seed: settings.Seed);
                estimates.Add(new MetricEstimate(system.Name, metric.Key, interval.Difference, interval.Lower, interval.Upper));
            }
        }

        var comparisons = new List<MetricComparison>();
        foreach (var baseline in baselines)
        {
            foreach (var metric in suite.Metrics.Where(m => MetricSuite.Has(m.Key, tuned.Examples) && MetricSuite.Has(m.Key, baseline.Examples)))
            {
                comparisons.Add(Compare(suite, metric, tuned, baseline, settings.Seed));
            }
        }

        var primary = suite.Primary;
        var best = baselines
            .Select((b, order) => (System: b, Score: suite.Compute(primary, b.Examples), Order: order))
            .OrderByDescending(b => b.Score).ThenBy(b => b.Order).First();
        var tunedScore = suite.Compute(primary, tuned.Examples);
        var p = comparisons.Single(c => c.Metric == primary && c.Baseline == best.System.Name).PValue;
        var verdict = VerdictRule.Decide(settings.Policy, primary, tunedScore, best.System.Name, best.Score, p);
        return new EvaluationReport
        {
            Settings = settings,
            Task = task,
            Suite = suite,
            Systems = systems,
            Estimates = estimates,
            Comparisons = comparisons,
            Verdict = verdict,
            Forgetting = forgetting,
            Curves = curves,
            Created = created,
            Notes = notes ?? [],
        };
    }

    private static MetricComparison Compare(MetricSuite suite, MetricDefinition metric, SystemResult tuned, SystemResult baseline, int seed)
    {
        var n = tuned.Examples.Count;
        BootstrapInterval interval;
        if (metric.Kind == MetricKind.PerExample)
        {
            interval = PairedBootstrap.Compare(
                [.. baseline.Examples.Select(e => e.Scores[metric.Key])],
                [.. tuned.Examples.Select(e => e.Scores[metric.Key])],
                PerExampleResamples, seed: seed);
        }
        else
        {
            interval = PairedBootstrap.CompareCorpus(n, s => suite.Compute(metric.Key, baseline.Examples, s), s => suite.Compute(metric.Key, tuned.Examples, s), CorpusResamples, seed: seed);
        }

        // McNemar's test orders its arguments (first, second); tuned is "first" so OnlyFirstCorrect counts its wins.
        var mcnemar = metric.IsCorrectness
            ? McNemarTest.Run([.. tuned.Examples.Select(e => e.Scores[metric.Key] >= 1)], [.. baseline.Examples.Select(e => e.Scores[metric.Key] >= 1)])
            : null;
        return new MetricComparison(metric.Key, baseline.Name, interval, mcnemar);
    }

    private static int Resamples(MetricDefinition metric) => metric.Kind == MetricKind.PerExample ? PerExampleResamples : CorpusResamples;
}
