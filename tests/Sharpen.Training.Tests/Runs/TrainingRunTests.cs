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
    /// <remarks>The second case runs QLoRA with adapter dropout, activation checkpointing and two data-parallel workers: each
    /// worker's dropout masks come from a generator seeded from torch's in worker order, so they too must come back
    /// bit for bit after the kill.</remarks>
    [Theory]
    [InlineData("full", "float32", 1)]
    [InlineData("qlora", "bfloat16", 2)]
    public void Resume_AfterSigkillInChildProcess_LossCurveEqualsUninterruptedRunBitwise(string method, string dtype, int threads)
    {
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);
        var settings = $"""
            model:
              method: {method}
              compute_dtype: {dtype}
            lora:
              dropout: 0.1
              target_modules: all-linear
            training:
              epochs: 6
              batch_size: 2
              gradient_accumulation_steps: 2
              threads: {threads}
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
    public void Start_EveryEpoch_SavesACheckpointAtEachEpochEndAndTheCheckpointLoads()
    {
        using var temp = new TempDirectory();
        // 8 stories in batches of 2 = 4 steps per epoch; 3 epochs = checkpoints at steps 4, 8 and 12.
        var config = TinyTraining.Config(temp.Path, "training.epochs=3", "checkpoint.every_epoch=true", "checkpoint.keep_last=5");

        var result = TrainingRun.Start(config);

        var steps = Directory.GetDirectories(Path.Combine(result.RunDirectory, "checkpoints")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["step-12", "step-4", "step-8"], steps);
        Assert.False(TrainingRun.CanResume(Path.Combine(temp.Path, "no-such-run")));
        Assert.True(TrainingRun.CanResume(result.RunDirectory));

        // A checkpoint folder names its run, and loads that checkpoint's weights rather than the run's final ones.
        var checkpoint = Path.Combine(result.RunDirectory, "checkpoints", "step-4");
        Assert.Equal(result.RunDirectory, TrainedModel.RunDirectoryOf(checkpoint));
        Assert.Equal(result.RunDirectory, TrainedModel.RunDirectoryOf(result.RunDirectory));
        Assert.Null(TrainedModel.RunDirectoryOf(TinyTraining.ModelDirectory));
        var (early, _, earlyFrom) = TrainedModel.Load(checkpoint);
        var (final, _, finalFrom) = TrainedModel.Load(result.RunDirectory);
        using (early)
        using (final)
        {
            Assert.Equal(checkpoint, earlyFrom);
            Assert.Equal(Path.Combine(result.RunDirectory, "checkpoints", "step-12"), finalFrom);
            using var ids = TorchSharp.torch.tensor(new long[] { 1, 403, 407 }).unsqueeze(0);
            using var a = early.forward(ids, null, null);
            using var b = final.forward(ids, null, null);
            Assert.False(a.allclose(b), "step 4 and step 12 weights gave the same logits");
        }
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
