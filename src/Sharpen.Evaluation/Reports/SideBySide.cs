using Sharpen.Evaluation.Scoring;

namespace Sharpen.Evaluation.Reports;

/// <summary>One example where the tuned model and the best baseline differ most on the primary metric.</summary>
public sealed record SideBySide(ExampleResult Tuned, ExampleResult Baseline, double Delta)
{
    /// <summary>
    /// The biggest wins (tuned minus best baseline, largest first) and losses (most negative first) on the primary
    /// metric; ties in order of the test file. Examples where both score the same are neither.
    /// </summary>
    public static (IReadOnlyList<SideBySide> Wins, IReadOnlyList<SideBySide> Losses) Select(EvaluationReport report, int count)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metric = report.Suite.Primary;
        var tuned = report.System(SystemResult.Tuned).Examples;
        var baseline = report.System(report.Verdict.BestBaseline).Examples;
        var pairs = tuned.Select((t, i) => new SideBySide(t, baseline[i], Score(t, metric) - Score(baseline[i], metric))).ToList();
        return (
            [.. pairs.Where(p => p.Delta > 0).OrderByDescending(p => p.Delta).ThenBy(p => p.Tuned.Index).Take(count)],
            [.. pairs.Where(p => p.Delta < 0).OrderBy(p => p.Delta).ThenBy(p => p.Tuned.Index).Take(count)]);
    }

    private static double Score(ExampleResult example, string metric) => example.Scores.GetValueOrDefault(metric);
}
