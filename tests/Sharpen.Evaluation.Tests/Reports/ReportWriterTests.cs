using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Sharpen.Evaluation.Reports;
using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Tests.Scoring;
using Sharpen.Evaluation.Verdicts;
using Sharpen.TestKit;

namespace Sharpen.Evaluation.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void Analyze_TunedBetterOnFourDiscordantPairs_IsNotSignificant()
    {
        // 10 examples. Tuned right on 0–7, retrieval on 0–3, base and k-shot on 0–1. Best baseline: retrieval (0.4).
        // Discordant pairs tuned vs retrieval: b = 4 (examples 4–7), c = 0 → McNemar exact p = 2 · 0.5⁴ = 0.125.
        var report = Build(10, tunedRight: 8, retrievalRight: 4, baseRight: 2);

        Assert.Equal(SystemResult.Retrieval, report.Verdict.BestBaseline);
        Assert.Equal(0.8, report.Verdict.Tuned, 12);
        Assert.Equal(0.4, report.Verdict.Baseline, 12);
        Assert.Equal(0.125, report.Verdict.PValue, 12);
        Assert.Equal(VerdictReason.NotSignificant, report.Verdict.Reason);
    }

    [Fact]
    public void Analyze_TunedBetterOnEightDiscordantPairs_Deploys()
    {
        // 20 examples: tuned right on 16, retrieval on 8 of those: b = 8, c = 0 → p = 2 · 0.5⁸ = 0.0078125; gain +100%.
        var report = Build(20, tunedRight: 16, retrievalRight: 8, baseRight: 2);

        Assert.Equal(0.0078125, report.Verdict.PValue, 12);
        Assert.Equal(1.0, report.Verdict.RelativeGain!.Value, 12);
        Assert.True(report.Verdict.Deploy);
        var comparison = report.Comparisons.Single(c => c.Metric == MetricSuite.Accuracy && c.Baseline == SystemResult.Retrieval);
        Assert.Equal(0.4, comparison.Interval.Difference, 12);
        Assert.True(comparison.Interval.Lower > 0);
    }

    [Fact]
    public void Write_ReportFolder_HasAllFilesAndTheyAreWellFormed()
    {
        using var temp = new TempDirectory();
        var report = Build(10, tunedRight: 8, retrievalRight: 4, baseRight: 2) with
        {
            Curves = new LossCurves([new LossPoint(1, 9.2), new LossPoint(2, 5.0), new LossPoint(3, 1.1)], [new LossPoint(0, 9.1), new LossPoint(3, 1.3)]),
            Forgetting = new ForgettingCheck("general.jsonl", 5, 5.0, 6.0, 0.1),
        };

        var folder = ReportWriter.Write(report, temp.File("report"));

        Assert.Equal(
            [ReportWriter.Html, ReportWriter.Markdown, ReportWriter.Results, ReportWriter.Summary],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // report.html: self-contained (no URL anywhere, no script, no external reference) and parseable as XML.
        var html = File.ReadAllText(Path.Combine(folder, ReportWriter.Html));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" href=", html, StringComparison.OrdinalIgnoreCase);
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var document = XDocument.Load(reader);
        var svgs = document.Descendants("svg").ToList();
        Assert.Equal(report.Suite.Metrics.Count(m => report.Estimates.Any(e => e.Metric == m.Key)) + 2, svgs.Count); // metrics + forest plot + loss curves
        Assert.Equal(2, document.Descendants("polyline").Count()); // train and validation curves
        Assert.Contains("Verdict: DON'T DEPLOY", document.Root!.Value, StringComparison.Ordinal);
        Assert.Contains("Forgetting flagged", document.Root.Value, StringComparison.Ordinal); // +20% > 10%

        // summary.json: the verdict and every system, as the job runner reads it.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ReportWriter.Summary)));
        var verdict = summary.RootElement.GetProperty("verdict");
        Assert.False(verdict.GetProperty("deploy").GetBoolean());
        Assert.Equal("not_significant", verdict.GetProperty("reason").GetString());
        Assert.Equal(0.125, verdict.GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(["tuned", "base", "base-k-shot", "retrieval"], summary.RootElement.GetProperty("systems").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.True(summary.RootElement.GetProperty("forgetting").GetProperty("flagged").GetBoolean());

        // results.jsonl: one line per example per system.
        var lines = File.ReadAllLines(Path.Combine(folder, ReportWriter.Results));
        Assert.Equal(4 * 10, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("tuned", first.GetProperty("system").GetString());
        Assert.True(first.GetProperty("correct").GetBoolean());
        Assert.Equal(1, first.GetProperty("scores").GetProperty("accuracy").GetDouble());

        var markdown = File.ReadAllText(Path.Combine(folder, ReportWriter.Markdown));
        Assert.StartsWith("# Evaluation report", markdown, StringComparison.Ordinal);
        Assert.Contains("**Verdict: DON'T DEPLOY**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Twice_ReplacesTheEarlierReport()
    {
        using var temp = new TempDirectory();
        var target = temp.File("report");
        ReportWriter.Write(Build(10, 8, 4, 2), target);
        ReportWriter.Write(Build(20, 16, 8, 2), target);

        Assert.Equal(4 * 20, File.ReadAllLines(Path.Combine(target, ReportWriter.Results)).Length);
        Assert.Single(Directory.GetDirectories(temp.Path));
    }

    [Fact]
    public void Write_ModelOutputWithMarkup_IsEscaped()
    {
        using var temp = new TempDirectory();
        var report = Build(4, 2, 1, 0);
        var tuned = report.Systems[0];
        var hostile = tuned with { Examples = [.. tuned.Examples.Select(e => e with { Prediction = "<b>&\u0001</b>", Prompt = "a | b" })] };
        report = report with { Systems = [hostile, .. report.Systems.Skip(1)] };

        var folder = ReportWriter.Write(report, temp.File("report"));

        var html = File.ReadAllText(Path.Combine(folder, ReportWriter.Html));
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        Assert.NotNull(XDocument.Load(reader).Root);
        Assert.DoesNotContain("<b>&", html, StringComparison.Ordinal);
    }

    /// <summary>A classification report with systems right on the first N examples each (label "a"; wrong answers say "b").</summary>
    private static EvaluationReport Build(int count, int tunedRight, int retrievalRight, int baseRight)
    {
        SystemResult System(string name, int right, bool model) => new(
            name,
            name + " system",
            model,
            [.. Enumerable.Range(0, count).Select(i => MetricSuiteTests.Example(i, i < right ? "a" : "b", "a") with
            {
                ReferenceLossSum = model ? 1.0 + i : null,
                ReferenceTokens = model ? 2 : 0,
            })],
            new SystemPerformance(1.5, 100, 20, model ? 3.0 : null, model ? 1.0 : null, model ? 1_000_000 : null, model ? 0.01 : null));

        var settings = new EvaluationSettings
        {
            TunedModel = "runs/x",
            BaseModel = "base",
            TestFile = "test.jsonl",
            TrainFile = "train.jsonl",
            TestExamples = count,
            K = 4,
            KShotSelection = "BM25",
            MaxNewTokens = 8,
            MaxNewTokensSource = "given",
            Seed = 1,
            Policy = new VerdictPolicy(),
        };
        var task = new TaskDetection(TaskType.Classification, "test", ["a", "b"]);
        return EvaluationAnalyzer.Analyze(
            settings,
            task,
            System(SystemResult.Tuned, tunedRight, true),
            [System(SystemResult.Base, baseRight, true), System(SystemResult.BaseKShot, baseRight, true), System(SystemResult.Retrieval, retrievalRight, false)],
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
