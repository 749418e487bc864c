using System.Diagnostics;
using System.Text.Json;
using Sharpen.Core.Training;
using Sharpen.TestKit;
using Sharpen.Training.Budgets;
using Sharpen.Training.Config;
using Sharpen.Training.Runs;

namespace Sharpen.Training.Tests.Runs;

public sealed class TrainingRunTests
{
    /// <summary>
    /// STYLE.md 9: resume gives the same loss curve as an uninterrupted run. A real child process trains and is killed
    /// with SIGKILL after it has written a checkpoint (mid-step or mid-save, wherever it is); the run is resumed here and
    /// every step's loss must equal, bit for bit, that of an uninterrupted run in this process. Both use one libtorch
    /// thread, so reductions happen in the same order.
    /// </summary>
    [Fact]
    public void Resume_AfterSigkillInChildProcess_LossCurveEqualsUninterruptedRunBitwise()
    {
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);
        var settings = """
            training:
              epochs: 6
              batch_size: 2
              gradient_accumulation_steps: 2
            evaluation:
              every_steps: 4
            checkpoint:
              every_steps: 3
              keep_last: 2
            """;
        var killedYaml = WriteConfig(temp.Path, "killed", settings);
        var uninterruptedYaml = WriteConfig(temp.Path, "uninterrupted", settings);
        var killedRun = Path.Combine(temp.Path, "runs", "killed");

        using (var child = ChildProcessEntry.Launch("train", killedYaml, "150"))
        {
            var checkpoint = Path.Combine(killedRun, "checkpoints", "step-6");
            var watch = Stopwatch.StartNew();
            while (!Directory.Exists(checkpoint) && !child.HasExited && watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                Thread.Sleep(10);
            }

            if (child.HasExited)
            {
                Assert.Fail($"the child ended before it could be killed: {child.StandardError.ReadToEnd()}");
            }

            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(killedRun, "status.json")), "the killed run must not have finished");
        var resumed = TrainingRun.Resume(killedRun);
        var uninterrupted = TrainingRun.Start(new TrainingConfigBuilder().AddYamlFile(uninterruptedYaml).Build());

        var expected = RunFolder.TrainLosses(uninterrupted.RunDirectory);
        var actual = RunFolder.TrainLosses(resumed.RunDirectory);
        Assert.Equal(StopReason.Completed, resumed.StopReason);
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(RunFolder.EvalLosses(uninterrupted.RunDirectory), RunFolder.EvalLosses(resumed.RunDirectory));
        Assert.Contains(TrainingEventKinds.Resumed, RunFolder.EventKinds(resumed.RunDirectory));
    }

    [Fact]
    public void Start_NewRun_WritesTheRunFolderLayout()
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, "training.epochs=1", "checkpoint.keep_last=1", "checkpoint.every_steps=1", "output.tensorboard=true");

        var result = TrainingRun.Start(config);

        var run = result.RunDirectory;
        foreach (var file in new[] { "config.resolved.yaml", "manifest.json", "metrics.jsonl", "events.jsonl", "status.json", "best/model.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} is missing");
        }

        Assert.Single(Directory.GetDirectories(Path.Combine(run, "checkpoints")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*"));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(Sha256Hex(config.Data.Train), root.GetProperty("data").GetProperty("train").GetProperty("sha256").GetString());
        Assert.Equal(Sha256Hex(Path.Combine(TinyTraining.ModelDirectory, "model.safetensors")), root.GetProperty("model").GetProperty("files").GetProperty("model.safetensors").GetString());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("cores").GetInt32());

        // The resolved config replays: it reads back to the config the run used.
        var resolved = new TrainingConfigBuilder().AddYamlFile(Path.Combine(run, "config.resolved.yaml")).Build();
        Assert.Equal(config.Training with { }, resolved.Training);
    }

    [Fact]
    public void Start_ExistingRunFolder_RefusesToOverwrite()
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, "budget.max_steps=1");
        TrainingRun.Start(config);

        var error = Assert.Throws<IOException>(() => TrainingRun.Start(config));
        Assert.Contains("--resume", error.Message, StringComparison.Ordinal);
    }

    private static string Sha256Hex(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private static string WriteConfig(string directory, string runId, string settings)
    {
        var path = Path.Combine(directory, runId + ".yaml");
        var builder = new TrainingConfigBuilder().AddYaml(TinyTraining.Yaml(directory), "tiny", directory).AddYaml(settings, "settings", directory);
        var config = builder.ApplyOverrides([$"output.run_id={runId}", $"output.runs_dir={Path.Combine(directory, "runs")}"]).Build();
        File.WriteAllText(path, TrainingConfigWriter.ToYaml(config));
        return path;
    }
}
