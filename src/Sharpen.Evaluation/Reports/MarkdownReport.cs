using System.Text;

namespace Sharpen.Evaluation.Reports;

/// <summary><c>report.md</c>: the verdict first, then metrics with intervals, comparisons, performance and examples.</summary>
public static class MarkdownReport
{
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var v = report.Verdict;
        var s = report.Settings;
        md.AppendLine("# Evaluation report").AppendLine();
        md.AppendLine($"**Verdict: {v.Label.ToUpperInvariant()}** — {v.Explanation}").AppendLine();
        md.AppendLine($"- Tuned model: `{s.TunedModel}`; base model: `{s.BaseModel}`");
        md.AppendLine($"- Test set: `{s.TestFile}` — {report.Systems[0].Examples.Count} of {s.TestExamples} examples" + (s.Limit is { } limit ? $" (--limit {limit}, a seeded sample)" : string.Empty));
        md.AppendLine($"- Task: {report.Task.Task.ToString().ToLowerInvariant()} ({report.Task.Reason}); primary metric: {report.Suite.Primary}");
        md.AppendLine($"- Decoding: {s.Decoding}, max new tokens {s.MaxNewTokens} ({s.MaxNewTokensSource}); k = {s.K} ({s.KShotSelection}); seed {s.Seed}");
        md.AppendLine(ReportText.Invariant($"- Rule: deploy only if p < {s.Policy.Significance} and relative gain ≥ {s.Policy.MinRelativeGain:0.##%} over the best baseline"));
        md.AppendLine();

        md.AppendLine("## Metrics (95% bootstrap intervals)").AppendLine();
        var metrics = report.Suite.Metrics.Where(m => report.Estimates.Any(e => e.Metric == m.Key)).ToList();
        md.AppendLine("| system | " + string.Join(" | ", metrics.Select(m => m.Label)) + " |");
        md.AppendLine("|---|" + string.Concat(metrics.Select(_ => "---|")));
        foreach (var system in report.Systems)
        {
            md.Append("| ").Append(system.Name).Append(" |");
            foreach (var metric in metrics)
            {
                md.Append(' ').Append(report.Estimate(system.Name, metric.Key) is { } e
                    ? $"{ReportText.Value(metric.Key, e.Value)} {ReportText.Interval(metric.Key, e.Lower, e.Upper)}"
                    : "—").Append(" |");
            }

            md.AppendLine();
        }

        md.AppendLine();
        foreach (var system in report.Systems)
        {
            md.AppendLine($"- **{system.Name}**: {system.Description}");
        }

        md.AppendLine().AppendLine("## Tuned − baseline").AppendLine();
        md.AppendLine("| metric | baseline | difference | 95% CI | p | test |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in report.Comparisons)
        {
            md.AppendLine($"| {report.Suite[c.Metric].Label} | {c.Baseline} | {ReportText.Difference(c.Metric, c.Interval.Difference)} | {ReportText.DifferenceInterval(c.Metric, c.Interval.Lower, c.Interval.Upper)} | {ReportText.PValue(c.PValue)} | {(c.McNemar is { } m ? $"McNemar exact (b = {m.OnlyFirstCorrect}, c = {m.OnlySecondCorrect})" : "paired bootstrap")} |");
        }

        md.AppendLine().AppendLine("## Speed, memory, cost").AppendLine();
        md.AppendLine("| system | examples/s | output tok/s | time to first token | ms/output token | tokens in / out | peak memory | cost per 1k tokens | held-out perplexity |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var system in report.Systems)
        {
            var p = system.Performance;
            var ppl = report.Estimate(system.Name, Scoring.MetricSuite.Loss) is { } loss ? ReportText.Number(Math.Exp(loss.Value), "0.00") : "—";
            md.AppendLine($"| {system.Name} | {ReportText.Number(system.ExamplesPerSecond, "0.0")} | {ReportText.Number(p.OutputTokensPerSecond, "0")} | {ReportText.Milliseconds(p.MeanTimeToFirstTokenMs)} | {ReportText.Optional(p.MeanMsPerOutputToken, "0.00")} | {p.TokensIn} / {p.TokensOut} | {ReportText.Megabytes(p.PeakMemoryBytes)} | {ReportText.Optional(p.CostPer1000Tokens, "0.000000")} | {ppl} |");
        }

        md.AppendLine().AppendLine("## Forgetting").AppendLine();
        if (report.Forgetting is { } f)
        {
            md.AppendLine(ReportText.Invariant($"General-text loss on {f.Texts} texts of `{f.File}`: base {f.BaseLoss:0.000}, tuned {f.TunedLoss:0.000} ({f.RelativeChange:+0.0%;-0.0%;0%}); threshold {f.Threshold:0.#%} — ")
                + (f.Flagged ? "**flagged: the tuned model lost general ability.**" : "not flagged."));
        }
        else
        {
            md.AppendLine("Not measured (no general set given: --general FILE).");
        }

        if (report.Curves is { } curves && curves.Train.Count > 0)
        {
            md.AppendLine().AppendLine("## Training run").AppendLine();
            md.AppendLine(ReportText.Invariant($"{curves.Train.Count} training steps; train loss {curves.Train[0].Loss:0.000} → {curves.Train[^1].Loss:0.000}")
                + (curves.Validation.Count > 0 ? ReportText.Invariant($"; validation loss {curves.Validation[0].Loss:0.000} (step {curves.Validation[0].Step}) → {curves.Validation.Min(p => p.Loss):0.000} (best)") : string.Empty) + ". Curves in report.html.");
        }

        var (wins, losses) = SideBySide.Select(report, 5);
        AppendExamples(md, $"Biggest wins over {v.BestBaseline}", wins, v.BestBaseline);
        AppendExamples(md, $"Biggest losses to {v.BestBaseline}", losses, v.BestBaseline);
        if (report.Notes.Count > 0)
        {
            md.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
            {
                md.AppendLine("- " + note);
            }
        }

        md.AppendLine().AppendLine("Per-example outputs: results.jsonl; machine-readable summary: summary.json.");
        return md.ToString();
    }

    private static void AppendExamples(StringBuilder md, string title, IReadOnlyList<SideBySide> pairs, string baseline)
    {
        md.AppendLine().AppendLine("## " + title).AppendLine();
        if (pairs.Count == 0)
        {
            md.AppendLine("None.");
            return;
        }

        md.AppendLine($"| # | prompt | reference | tuned | {baseline} |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var p in pairs)
        {
            md.AppendLine($"| {p.Tuned.Index} | {Cell(p.Tuned.Prompt)} | {Cell(p.Tuned.Reference)} | {Cell(p.Tuned.Prediction)} | {Cell(p.Baseline.Prediction)} |");
        }
    }

    private static string Cell(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
        return flat.Length > 160 ? flat[..157] + "…" : flat;
    }
}
