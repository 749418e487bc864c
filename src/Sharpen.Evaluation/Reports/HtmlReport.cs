using System.Net;
using System.Text;
using Sharpen.Evaluation.Scoring;

namespace Sharpen.Evaluation.Reports;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS and SVG, no scripts, no external URLs) that is also well-formed
/// XML: the verdict box, each metric per system with its 95% interval as an error bar, the tuned − baseline differences
/// on the primary metric as a forest plot, the run's loss curves, speed and cost, and the biggest wins and losses.
/// </summary>
public static class HtmlReport
{
    private const int ChartWidth = 640;
    private const int LabelWidth = 130;
    private const int RowHeight = 26;

    private static readonly string[] s_colors = ["#2563eb", "#9ca3af", "#f59e0b", "#10b981", "#8b5cf6"];

    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var v = report.Verdict;
        var s = report.Settings;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\" /><title>Sharpen evaluation report</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#111827;padding:0 1em}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:0.9em}td,th{border:1px solid #d1d5db;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
            + "th{background:#f3f4f6}.verdict{border:3px solid;border-radius:8px;padding:1em;margin:1em 0}.deploy{border-color:#059669;background:#ecfdf5}"
            + ".nodeploy{border-color:#dc2626;background:#fef2f2}.verdict h2{margin:0 0 0.3em 0}.flag{color:#b91c1c;font-weight:bold}"
            + "svg{display:block;margin:0.5em 0}svg text{font-size:11px;font-family:system-ui,sans-serif}code{background:#f3f4f6;padding:0 3px}</style>");
        html.AppendLine("</head><body>");
        html.AppendLine("<h1>Evaluation report</h1>");
        html.Append("<div class=\"verdict ").Append(v.Deploy ? "deploy" : "nodeploy").Append("\"><h2>Verdict: ").Append(E(v.Label.ToUpperInvariant())).AppendLine("</h2>");
        html.Append("<p>").Append(E(v.Explanation)).AppendLine("</p>");
        html.Append("<p>").Append(E(ReportText.Invariant($"Rule: deploy only when the tuned model beats the best baseline on {report.Suite.Primary} with p < {s.Policy.Significance} and a relative gain of at least {s.Policy.MinRelativeGain:0.##%}."))).AppendLine("</p>");
        if (report.Forgetting is { Flagged: true } flagged)
        {
            html.Append("<p class=\"flag\">").Append(E(ReportText.Invariant($"Forgetting flagged: general-text loss rose {flagged.RelativeChange:+0.0%} (threshold {flagged.Threshold:0.#%})."))).AppendLine("</p>");
        }

        html.AppendLine("</div>");
        html.AppendLine("<table>");
        Row(html, "tuned model", s.TunedModel);
        Row(html, "base model", s.BaseModel);
        Row(html, "test set", $"{s.TestFile}: {report.Systems[0].Examples.Count} of {s.TestExamples} examples" + (s.Limit is { } limit ? $" (--limit {limit}, seeded sample)" : string.Empty));
        Row(html, "task", $"{report.Task.Task.ToString().ToLowerInvariant()}: {report.Task.Reason}");
        Row(html, "decoding", $"{s.Decoding}; max new tokens {s.MaxNewTokens} ({s.MaxNewTokensSource}); prompt format {s.PromptFormat ?? "n/a"}");
        Row(html, "k-shot", $"k = {s.K}: {s.KShotSelection}");
        Row(html, "created", report.Created.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        html.AppendLine("</table>");

        html.AppendLine("<h2>Systems</h2><ul>");
        foreach (var system in report.Systems)
        {
            html.Append("<li><b>").Append(E(system.Name)).Append("</b>: ").Append(E(system.Description)).AppendLine("</li>");
        }

        html.AppendLine("</ul>");
        html.AppendLine("<h2>Metrics with 95% bootstrap intervals</h2>");
        foreach (var metric in report.Suite.Metrics.Where(m => report.Estimates.Any(e => e.Metric == m.Key)))
        {
            html.Append("<h3>").Append(E(metric.Label)).Append(metric.Key == report.Suite.Primary ? " (primary)" : string.Empty)
                .Append(metric.HigherIsBetter ? string.Empty : " — lower is better").AppendLine("</h3>");
            MetricChart(html, report, metric);
        }

        html.AppendLine("<h2>Tuned − baseline on the primary metric</h2>");
        ForestPlot(html, report);
        html.AppendLine("<table><tr><th>metric</th><th>baseline</th><th>difference</th><th>95% CI</th><th>p</th><th>test</th></tr>");
        foreach (var c in report.Comparisons)
        {
            html.Append("<tr><td>").Append(E(report.Suite[c.Metric].Label)).Append("</td><td>").Append(E(c.Baseline)).Append("</td><td>")
                .Append(E(ReportText.Difference(c.Metric, c.Interval.Difference))).Append("</td><td>")
                .Append(E(ReportText.DifferenceInterval(c.Metric, c.Interval.Lower, c.Interval.Upper))).Append("</td><td>")
                .Append(E(ReportText.PValue(c.PValue))).Append("</td><td>")
                .Append(E(c.McNemar is { } m ? $"McNemar exact (b = {m.OnlyFirstCorrect}, c = {m.OnlySecondCorrect})" : "paired bootstrap")).AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");

        if (report.Curves is { } curves && curves.Train.Count > 0)
        {
            html.AppendLine("<h2>Training run: loss curves</h2>");
            LossChart(html, curves);
        }

        html.AppendLine("<h2>Speed, memory, cost</h2>");
        html.AppendLine("<table><tr><th>system</th><th>examples/s</th><th>output tok/s</th><th>time to first token</th><th>ms/output token</th><th>tokens in / out</th><th>peak memory</th><th>cost per 1k tokens</th><th>perplexity</th></tr>");
        foreach (var system in report.Systems)
        {
            var p = system.Performance;
            var ppl = report.Estimate(system.Name, MetricSuite.Loss) is { } loss ? ReportText.Number(Math.Exp(loss.Value), "0.00") : "—";
            html.Append("<tr><td>").Append(E(system.Name)).Append("</td><td>").Append(ReportText.Number(system.ExamplesPerSecond, "0.0"))
                .Append("</td><td>").Append(ReportText.Number(p.OutputTokensPerSecond, "0")).Append("</td><td>").Append(ReportText.Milliseconds(p.MeanTimeToFirstTokenMs)).Append("</td><td>")
                .Append(ReportText.Optional(p.MeanMsPerOutputToken, "0.00")).Append("</td><td>").Append(ReportText.Invariant($"{p.TokensIn} / {p.TokensOut}"))
                .Append("</td><td>").Append(E(ReportText.Megabytes(p.PeakMemoryBytes))).Append("</td><td>").Append(ReportText.Optional(p.CostPer1000Tokens, "0.000000"))
                .Append("</td><td>").Append(ppl).AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");
        html.AppendLine("<h2>Forgetting</h2><p>");
        html.Append(report.Forgetting is { } f
            ? E(ReportText.Invariant($"General-text loss on {f.Texts} texts of {f.File}: base {f.BaseLoss:0.000}, tuned {f.TunedLoss:0.000} ({f.RelativeChange:+0.0%;-0.0%;0%}); threshold {f.Threshold:0.#%}: ") + (f.Flagged ? "flagged." : "not flagged."))
            : "Not measured (no general set given).");
        html.AppendLine("</p>");

        var (wins, losses) = SideBySide.Select(report, 5);
        Examples(html, $"Biggest wins over {v.BestBaseline}", wins, v.BestBaseline);
        Examples(html, $"Biggest losses to {v.BestBaseline}", losses, v.BestBaseline);
        if (report.Notes.Count > 0)
        {
            html.AppendLine("<h2>Notes</h2><ul>");
            foreach (var note in report.Notes)
            {
                html.Append("<li>").Append(E(note)).AppendLine("</li>");
            }

            html.AppendLine("</ul>");
        }

        html.AppendLine("<p>Per-example outputs: results.jsonl. Machine-readable summary: summary.json.</p>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void MetricChart(StringBuilder html, EvaluationReport report, MetricDefinition metric)
    {
        var rows = report.Systems.Select(s => report.Estimate(s.Name, metric.Key)).OfType<MetricEstimate>().ToList();
        var max = Math.Max(rows.Max(r => r.Upper), metric.Key == MetricSuite.Bleu ? 1 : metric.Key == MetricSuite.Loss ? 0.1 : 0.01);
        if (metric.Key is not (MetricSuite.Bleu or MetricSuite.Loss))
        {
            max = Math.Max(max, 1.0);
        }

        var plot = ChartWidth - LabelWidth - 90;
        var height = (rows.Count * RowHeight) + 10;
        OpenSvg(html, ChartWidth, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = 5 + (i * RowHeight);
            var color = s_colors[report.Systems.ToList().FindIndex(s => s.Name == r.System) % s_colors.Length];
            double X(double value) => LabelWidth + (Math.Clamp(value, 0, max) / max * plot);
            html.Append(ReportText.Invariant($"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{E(r.System)}</text>"));
            html.Append(ReportText.Invariant($"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{X(r.Value) - LabelWidth:0.#}\" height=\"{RowHeight - 10}\" fill=\"{color}\" />"));
            var (lo, hi, mid) = (X(r.Lower), X(r.Upper), y + (RowHeight / 2.0) - 1);
            html.Append(ReportText.Invariant($"<line x1=\"{lo:0.#}\" y1=\"{mid:0.#}\" x2=\"{hi:0.#}\" y2=\"{mid:0.#}\" stroke=\"#111827\" stroke-width=\"1.5\" />"));
            html.Append(ReportText.Invariant($"<line x1=\"{lo:0.#}\" y1=\"{mid - 5:0.#}\" x2=\"{lo:0.#}\" y2=\"{mid + 5:0.#}\" stroke=\"#111827\" />"));
            html.Append(ReportText.Invariant($"<line x1=\"{hi:0.#}\" y1=\"{mid - 5:0.#}\" x2=\"{hi:0.#}\" y2=\"{mid + 5:0.#}\" stroke=\"#111827\" />"));
            html.Append(ReportText.Invariant($"<text x=\"{hi + 6:0.#}\" y=\"{y + 15}\">{E(ReportText.Value(metric.Key, r.Value))}</text>"));
        }

        html.AppendLine("</svg>");
    }

    private static void ForestPlot(StringBuilder html, EvaluationReport report)
    {
        var primary = report.Suite.Primary;
        var rows = report.Comparisons.Where(c => c.Metric == primary).ToList();
        var extent = Math.Max(0.01, rows.Max(c => Math.Max(Math.Abs(c.Interval.Lower), Math.Abs(c.Interval.Upper))));
        var plot = ChartWidth - LabelWidth - 20;
        var zero = LabelWidth + (plot / 2.0);
        var height = (rows.Count * RowHeight) + 24;
        double X(double d) => zero + (d / extent * (plot / 2.0));
        OpenSvg(html, ChartWidth, height);
        html.Append(ReportText.Invariant($"<line x1=\"{zero:0.#}\" y1=\"0\" x2=\"{zero:0.#}\" y2=\"{height - 16}\" stroke=\"#6b7280\" stroke-dasharray=\"4 3\" />"));
        html.Append(ReportText.Invariant($"<text x=\"{zero:0.#}\" y=\"{height - 3}\" text-anchor=\"middle\">0 (no difference)</text>"));
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows[i];
            var mid = 5 + (i * RowHeight) + (RowHeight / 2.0);
            var color = c.Interval.Lower > 0 ? "#059669" : c.Interval.Upper < 0 ? "#dc2626" : "#6b7280";
            html.Append(ReportText.Invariant($"<text x=\"{LabelWidth - 6}\" y=\"{mid + 4:0.#}\" text-anchor=\"end\">vs {E(c.Baseline)}</text>"));
            html.Append(ReportText.Invariant($"<line x1=\"{X(c.Interval.Lower):0.#}\" y1=\"{mid:0.#}\" x2=\"{X(c.Interval.Upper):0.#}\" y2=\"{mid:0.#}\" stroke=\"{color}\" stroke-width=\"2\" />"));
            html.Append(ReportText.Invariant($"<circle cx=\"{X(c.Interval.Difference):0.#}\" cy=\"{mid:0.#}\" r=\"4\" fill=\"{color}\" />"));
            html.Append(ReportText.Invariant($"<text x=\"{Math.Min(X(c.Interval.Upper) + 6, ChartWidth - 120):0.#}\" y=\"{mid - 6:0.#}\">{E(ReportText.Difference(primary, c.Interval.Difference))}, p {E(ReportText.PValue(c.PValue))}</text>"));
        }

        html.AppendLine("</svg>");
    }

    private static void LossChart(StringBuilder html, LossCurves curves)
    {
        const int width = ChartWidth, height = 260, left = 50, right = 20, top = 10, bottom = 30;
        var all = curves.Train.Concat(curves.Validation).ToList();
        var maxStep = Math.Max(1, all.Max(p => p.Step));
        var maxLoss = all.Max(p => p.Loss);
        var minLoss = Math.Min(0, all.Min(p => p.Loss));
        var span = Math.Max(1e-9, maxLoss - minLoss);
        double X(long step) => left + ((double)step / maxStep * (width - left - right));
        double Y(double loss) => top + ((maxLoss - loss) / span * (height - top - bottom));
        OpenSvg(html, width, height);
        html.Append(ReportText.Invariant($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#6b7280\" />"));
        html.Append(ReportText.Invariant($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#6b7280\" />"));
        html.Append(ReportText.Invariant($"<text x=\"{left - 4}\" y=\"{top + 8}\" text-anchor=\"end\">{maxLoss:0.##}</text>"));
        html.Append(ReportText.Invariant($"<text x=\"{left - 4}\" y=\"{height - bottom}\" text-anchor=\"end\">{minLoss:0.##}</text>"));
        html.Append(ReportText.Invariant($"<text x=\"{width - right}\" y=\"{height - 8}\" text-anchor=\"end\">step {maxStep}</text>"));
        html.Append(ReportText.Invariant($"<text x=\"{left}\" y=\"{height - 8}\">step 0</text>"));
        if (curves.Train.Count > 0)
        {
            html.Append("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.2\" points=\"")
                .AppendJoin(' ', curves.Train.Select(p => ReportText.Invariant($"{X(p.Step):0.#},{Y(p.Loss):0.#}"))).Append("\" />");
        }

        if (curves.Validation.Count > 0)
        {
            html.Append("<polyline fill=\"none\" stroke=\"#f59e0b\" stroke-width=\"2\" points=\"")
                .AppendJoin(' ', curves.Validation.Select(p => ReportText.Invariant($"{X(p.Step):0.#},{Y(p.Loss):0.#}"))).Append("\" />");
            foreach (var p in curves.Validation)
            {
                html.Append(ReportText.Invariant($"<circle cx=\"{X(p.Step):0.#}\" cy=\"{Y(p.Loss):0.#}\" r=\"3\" fill=\"#f59e0b\" />"));
            }
        }

        html.Append(ReportText.Invariant($"<rect x=\"{width - 170}\" y=\"{top + 4}\" width=\"10\" height=\"3\" fill=\"#2563eb\" /><text x=\"{width - 155}\" y=\"{top + 9}\">train loss</text>"));
        html.Append(ReportText.Invariant($"<rect x=\"{width - 170}\" y=\"{top + 18}\" width=\"10\" height=\"3\" fill=\"#f59e0b\" /><text x=\"{width - 155}\" y=\"{top + 23}\">validation loss</text>"));
        html.AppendLine("</svg>");
    }

    private static void Examples(StringBuilder html, string title, IReadOnlyList<SideBySide> pairs, string baseline)
    {
        html.Append("<h2>").Append(E(title)).AppendLine("</h2>");
        if (pairs.Count == 0)
        {
            html.AppendLine("<p>None.</p>");
            return;
        }

        html.Append("<table><tr><th>#</th><th>prompt</th><th>reference</th><th>tuned</th><th>").Append(E(baseline)).AppendLine("</th></tr>");
        foreach (var p in pairs)
        {
            html.Append("<tr><td>").Append(p.Tuned.Index).Append("</td><td>").Append(E(p.Tuned.Prompt)).Append("</td><td>").Append(E(p.Tuned.Reference))
                .Append("</td><td>").Append(E(p.Tuned.Prediction)).Append("</td><td>").Append(E(p.Baseline.Prediction)).AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static void OpenSvg(StringBuilder html, int width, int height) =>
        html.Append(ReportText.Invariant($"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">"));

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).AppendLine("</td></tr>");

    /// <summary>Text as HTML that is also valid XML (control characters a model may emit are dropped).</summary>
    private static string E(string text) => WebUtility.HtmlEncode(new string([.. text.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c))]));
}
