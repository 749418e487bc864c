using System.Globalization;
using System.Text.RegularExpressions;
using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

/// <summary>The fine-tune path a user walks: prepare Banking77, train the shipped LoRA config (shortened), export, generate.</summary>
public sealed partial class TrainCommandTests
{
    [Fact]
    public void Train_ShippedBanking77Config_BeatsTheBaseModelThenExportsAndGenerates()
    {
        using var temp = new TempDirectory();
        var data = temp.File("banking77");
        var prepare = CliRunner.Run(
            "data", "prepare", SharedData.Path("data", "banking77", "train.csv"),
            "--prompt-column", "text", "--completion-column", "category", "--label-column", "category",
            "--out", data, "--model", SharedData.Path("models", "stories260K-hf"));
        Assert.True(prepare.ExitCode == 0, prepare.Console);
        var validation = temp.File("validation-sample.jsonl"); // 200 held-out examples keep the evaluations quick
        File.WriteAllLines(validation, File.ReadLines(Path.Combine(data, "validation.jsonl")).Take(200));

        var train = CliRunner.Run(
            "train", Path.Combine(SharedData.RepositoryRoot, "configs", "banking77-lora.yaml"),
            "--set", $"data.train={Path.Combine(data, "train.jsonl")}",
            "--set", $"data.validation={validation}",
            "--set", "budget.max_steps=30", "--set", "evaluation.every_steps=30", "--set", "output.console=false",
            "--set", $"output.runs_dir={temp.Path}", "--set", "output.run_id=demo");

        Assert.True(train.ExitCode == 0, train.Console + train.Stdout);
        var match = Summary().Match(train.Console);
        Assert.True(match.Success, train.Console);
        var best = double.Parse(match.Groups["best"].Value, CultureInfo.InvariantCulture);
        var baseline = double.Parse(match.Groups["base"].Value, CultureInfo.InvariantCulture);
        Assert.True(best < 0.6 * baseline, $"best {best} vs base {baseline}");

        var run = Path.Combine(temp.Path, "demo");
        // The demo also trains the embeddings, which a PEFT adapter cannot carry: adapter export is refused, merged works.
        var adapter = CliRunner.Run("export", run, "--format", "adapter");
        Assert.Equal(SharpenCli.UserErrorExitCode, adapter.ExitCode);
        Assert.Contains("merged", adapter.Console, StringComparison.Ordinal);
        var export = CliRunner.Run("export", run, "--format", "merged");
        Assert.True(export.ExitCode == 0, export.Console);
        Assert.True(File.Exists(Path.Combine(run, "export", "merged", "model.safetensors")));

        var generate = CliRunner.Run("generate", "--model", run, "--chat", "--prompt", "My card still hasn't arrived", "-t", "0", "-n", "8");
        Assert.True(generate.ExitCode == 0, generate.Console);
        Assert.False(string.IsNullOrWhiteSpace(generate.Stdout));
    }

    [GeneratedRegex(@"best validation loss (?<best>[0-9.]+) at step \d+ \(base model: (?<base>[0-9.]+)\)")]
    private static partial Regex Summary();
}
