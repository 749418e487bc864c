using System.Text.Json;
using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

public sealed class EvalCommandTests
{
    [Fact]
    public void Eval_BaseAgainstItselfOnGsm8k_PrintsTheTableAndDoesNotDeploy()
    {
        // GSM8K's real splits (answers end in '#### n'): the task is detected as numeric; the "tuned" model is the base.
        using var temp = new TempDirectory();
        var model = SharedData.Path("models", "stories260K-hf");
        var report = temp.File("report");

        var result = CliRunner.Run(
            "eval", model, "--base", model,
            "--test", SharedData.Path("data", "gsm8k", "test.jsonl"), "--train", SharedData.Path("data", "gsm8k", "train.jsonl"),
            "--limit", "4", "--k", "1", "--max-new-tokens", "4", "--threads", "1", "--out", report);

        Assert.True(result.ExitCode == 0, result.Console + result.Stdout);
        Assert.Contains("task: numeric", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("numeric accuracy", result.Console, StringComparison.Ordinal);
        Assert.Contains("retrieval", result.Console, StringComparison.Ordinal);
        Assert.Contains("Verdict: DON'T DEPLOY", result.Console, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(report, "report.html"), result.Console, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json")));
        Assert.Equal("numeric", summary.RootElement.GetProperty("task").GetProperty("type").GetString());
        Assert.Equal("not_better", summary.RootElement.GetProperty("verdict").GetProperty("reason").GetString());
    }

    [Fact]
    public void Eval_MissingModel_FailsNamingIt()
    {
        var result = CliRunner.Run("eval", "/nonexistent/run");

        Assert.Equal(SharpenCli.UserErrorExitCode, result.ExitCode);
        Assert.Contains("/nonexistent/run", result.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_BadSignificance_FailsNamingTheOption()
    {
        var model = SharedData.Path("models", "stories260K-hf");

        var result = CliRunner.Run("eval", model, "--significance", "1.5");

        Assert.Equal(SharpenCli.UserErrorExitCode, result.ExitCode);
        Assert.Contains("--significance", result.Console, StringComparison.Ordinal);
    }
}
