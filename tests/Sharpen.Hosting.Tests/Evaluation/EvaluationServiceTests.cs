using System.Text.Json;
using Sharpen.Evaluation.Reports;
using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Verdicts;
using Sharpen.Hosting.Evaluation;
using Sharpen.Hosting.Training;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Evaluation;

/// <summary>
/// End to end on real parts: Banking77 prepared by the data step, stories260K, a short real LoRA fine-tune with the
/// bundled config. Small limits keep it quick; the numbers checked are the ones that hold at any size.
/// </summary>
public sealed class EvaluationServiceTests(PreparedBanking77 data) : IClassFixture<PreparedBanking77>
{
    [Fact]
    public void Run_TunedIsTheBaseModel_DoesNotDeploy()
    {
        // The acceptance's "deliberately useless fine-tune": the tuned model is the base model itself.
        var outcome = EvaluationService.Run(new EvaluationRequest
        {
            Tuned = PreparedBanking77.ModelDirectory,
            Base = PreparedBanking77.ModelDirectory,
            Test = data.Test,
            Train = data.Train,
            Limit = 8,
            K = 2,
            MaxNewTokens = 8,
            Threads = 1,
            Output = Path.Combine(data.Folder("useless"), "report"),
        });

        var report = outcome.Report;
        Assert.Equal(TaskType.Classification, report.Task.Task);
        Assert.False(report.Verdict.Deploy);
        Assert.Equal(VerdictReason.NotBetter, report.Verdict.Reason);
        var tuned = report.System(SystemResult.Tuned).Examples;
        var zeroShot = report.System(SystemResult.Base).Examples;
        Assert.Equal(8, tuned.Count);
        Assert.Equal(zeroShot.Select(e => e.Output), tuned.Select(e => e.Output)); // same weights, same greedy decoding
        Assert.Equal(zeroShot.Select(e => e.ReferenceLossSum), tuned.Select(e => e.ReferenceLossSum));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outcome.ReportDirectory, ReportWriter.Summary)));
        Assert.Equal("not_better", summary.RootElement.GetProperty("verdict").GetProperty("reason").GetString());
        Assert.Equal(8, summary.RootElement.GetProperty("settings").GetProperty("limit").GetInt32());
    }

    [Fact]
    public void Run_ShortBanking77FineTune_ReportsEverySystemConsistently()
    {
        var runs = data.Folder("runs");
        var config = Path.Combine(SharedData.RepositoryRoot, "configs", "banking77-lora.yaml");
        var run = TrainingService.Start(config,
        [
            $"data.train={data.Train}", $"data.validation={data.Validation}", "budget.max_steps=40", "evaluation.every_steps=20",
            "checkpoint.every_steps=0", "early_stopping.enabled=false", "training.threads=1", $"output.runs_dir={runs}", "output.run_id=short", "output.console=false",
        ], TextWriter.Null);

        var outcome = EvaluationService.Run(new EvaluationRequest
        {
            Tuned = run.RunDirectory,
            Limit = 12,
            K = 2,
            General = SharedData.Path("data", "gsm8k", "test.jsonl"),
            GeneralLimit = 4,
            Threads = 1,
        });

        var report = outcome.Report;
        Assert.Equal(Path.Combine(run.RunDirectory, "report"), outcome.ReportDirectory);
        Assert.Equal(Path.GetFullPath(data.Test), report.Settings.TestFile); // default: test.jsonl beside the run's training file
        Assert.Equal(["tuned", "base", "base-k-shot", "retrieval"], report.Systems.Select(s => s.Name));
        Assert.Equal(TaskType.Classification, report.Task.Task);

        // The retrieval baseline answers with training answers only.
        var trainLabels = File.ReadLines(data.Train).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("messages")[1].GetProperty("content").GetString()).ToHashSet();
        Assert.All(report.System(SystemResult.Retrieval).Examples, e => Assert.Contains(e.Output, trainLabels));

        // Issue #4's finding: the untouched story model never produces an intent label; 40 steps already lower the answers' loss.
        Assert.Equal(0, report.Estimate(SystemResult.Base, MetricSuite.Accuracy)!.Value);
        Assert.True(report.Estimate(SystemResult.Tuned, MetricSuite.Loss)!.Value < report.Estimate(SystemResult.Base, MetricSuite.Loss)!.Value / 2);

        // results.jsonl and summary.json agree: accuracy recomputed from the per-example lines.
        var lines = File.ReadAllLines(Path.Combine(outcome.ReportDirectory, ReportWriter.Results)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4 * 12, lines.Count);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outcome.ReportDirectory, ReportWriter.Summary)));
        var accuracies = new Dictionary<string, double>();
        foreach (var system in summary.RootElement.GetProperty("systems").EnumerateArray())
        {
            var name = system.GetProperty("name").GetString()!;
            var own = lines.Where(l => l.GetProperty("system").GetString() == name).ToList();
            var recomputed = own.Count(l => l.GetProperty("prediction").GetString() == l.GetProperty("reference").GetString()) / (double)own.Count;
            accuracies[name] = system.GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble();
            Assert.Equal(recomputed, accuracies[name], 12);
        }

        var verdict = summary.RootElement.GetProperty("verdict");
        var best = verdict.GetProperty("best_baseline").GetString()!;
        Assert.Equal(accuracies.Where(a => a.Key != "tuned").Max(a => a.Value), accuracies[best], 12);
        Assert.Equal(accuracies["tuned"], verdict.GetProperty("tuned").GetDouble(), 12);

        // The forgetting check ran on the general texts, and the report carries the run's loss curves.
        Assert.Equal(4, report.Forgetting!.Texts);
        Assert.True(report.Curves!.Train.Count == 40);
        var html = File.ReadAllText(Path.Combine(outcome.ReportDirectory, ReportWriter.Html));
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Run_ModelFolderWithoutBase_SaysToGiveTheBase()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationService.Run(new EvaluationRequest { Tuned = PreparedBanking77.ModelDirectory, Test = data.Test, Train = data.Train }));

        Assert.Contains("--base", error.Message, StringComparison.Ordinal);
    }
}
