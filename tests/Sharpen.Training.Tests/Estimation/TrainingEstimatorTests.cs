using System.Globalization;
using Sharpen.TestKit;
using Sharpen.Training.Budgets;
using Sharpen.Training.Config;
using Sharpen.Training.Estimation;
using Sharpen.Training.Runs;
using Xunit.Abstractions;

namespace Sharpen.Training.Tests.Estimation;

/// <summary>
/// <c>sharpen estimate</c> against real runs of stories260K with LoRA on Banking77 chat data: the plan it predicts (steps,
/// tokens, evaluations) is the one the run takes, and its time prediction is within 25% of the measured run. Alone
/// (not beside this assembly's other tests), so the load stays the same between a probe and the run it predicts.
/// </summary>
[Collection(SerialTimingCollection.Name)]
public sealed class TrainingEstimatorTests(ITestOutputHelper output)
{
    private const string Settings = """
        model:
          method: lora
        lora:
          rank: 8
          target_modules: all-linear
        data:
          max_seq_length: 128
        training:
          epochs: 1
          batch_size: 8
          learning_rate: 3e-3
          threads: 2
        evaluation:
          every_steps: 40
        checkpoint:
          every_steps: 50
        """;

    [Fact]
    public void Estimate_PlanMatchesTheRealRun()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp.Path, train: 320, validation: 24, runId: "plan");

        var estimate = TrainingEstimator.Estimate(config, new EstimatorOptions { ProbeSteps = 4, ProbeStepping = TimeSpan.Zero });
        var result = TrainingRun.Start(config);

        Assert.Equal(result.Steps, estimate.Steps);
        Assert.Equal(40, estimate.Steps); // 320 examples / batch 8, one epoch
        var metrics = File.ReadAllLines(Path.Combine(result.RunDirectory, "metrics.jsonl"));
        var tokens = metrics.Where(l => l.Contains("\"type\":\"train\"", StringComparison.Ordinal))
            .Sum(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("tokens").GetInt64());
        Assert.Equal(tokens, estimate.Tokens);
        // The baseline pass, step 40 (every_steps) which is also the epoch end: two validation passes.
        var evaluations = metrics.Count(l => l.Contains("\"type\":\"eval\"", StringComparison.Ordinal));
        Assert.Equal(evaluations, estimate.Evaluations);
        Assert.Null(estimate.BudgetStop);
        Assert.True(estimate.PeakMemoryBytes > 0);
    }

    [Fact]
    public void Estimate_EpochCheckpoints_CountsTheSavesTheRunMakes()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp.Path, train: 48, validation: 0, runId: "epochs",
            "training.epochs=3", "checkpoint.every_steps=0", "checkpoint.every_epoch=true");

        var estimate = TrainingEstimator.Estimate(config, new EstimatorOptions { ProbeSteps = 3, ProbeStepping = TimeSpan.Zero });
        var result = TrainingRun.Start(config);

        // One save per epoch end; the last epoch's end is also where the run stops, which saves once.
        var saves = File.ReadLines(Path.Combine(result.RunDirectory, "events.jsonl")).Count(l => l.Contains("\"kind\":\"checkpoint_saved\"", StringComparison.Ordinal));
        Assert.Equal(3, saves);
        Assert.Equal(saves, estimate.CheckpointSaves);
    }

    [Fact]
    public void Estimate_StepBudget_StopsThePlanAndWarns()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp.Path, train: 320, validation: 0, runId: "budget");
        config = config with { Budget = config.Budget with { MaxSteps = 10 } };

        var estimate = TrainingEstimator.Estimate(config, new EstimatorOptions { ProbeSteps = 3, ProbeStepping = TimeSpan.Zero, PricePerHour = 3.6 });

        Assert.Equal(10, estimate.Steps);
        Assert.Equal(40, estimate.PlannedSteps);
        Assert.Equal(StopReason.MaxSteps, estimate.BudgetStop);
        Assert.Contains(estimate.Warnings, w => w.Contains("max_steps", StringComparison.Ordinal));
        Assert.Equal(0, estimate.Evaluations); // no validation set
        Assert.Equal(estimate.Total.TotalHours * 3.6, estimate.Cost!.Value, 9);
    }

    /// <summary>
    /// The acceptance check: the prediction and the real run each in a fresh process, as a user runs
    /// <c>sharpen estimate</c> and then <c>sharpen train</c>, on a run long enough (120 steps with validation passes and
    /// checkpoints) that start-up noise does not decide it. This machine is shared (other test assemblies run at the same
    /// time), so the load can change between the probe and the run: the run is compared with the mean of one estimate
    /// just before it and one just after, which brackets such a drift. One thread, so an oversubscribed machine slows
    /// probe and run alike instead of by how threads happen to be scheduled.
    /// </summary>
    [Fact]
    public void Estimate_TimeOfARealRun_IsWithin25Percent()
    {
        using var temp = new TempDirectory();
        WriteConfig(temp.Path, train: 960, validation: 40, runId: "timed", "training.threads=1");
        var yaml = Path.Combine(temp.Path, "config.yaml");

        var before = ChildProcessEntry.RunForValue("estimate_seconds", "estimate", yaml);
        var measured = ChildProcessEntry.RunForValue("elapsed_seconds", "train", yaml, "0");
        var after = ChildProcessEntry.RunForValue("estimate_seconds", "estimate", yaml);

        var predicted = (before.Value + after.Value) / 2;
        var error = Math.Abs(predicted - measured.Value) / measured.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predicted {predicted:F2} s, measured {measured.Value:F2} s ({error:P0}); before: {before.Output} after: {after.Output}"));
        Assert.True(error <= 0.25, string.Create(CultureInfo.InvariantCulture,
            $"predicted {predicted:F2} s, measured {measured.Value:F2} s: {error:P0} off. Before: {before.Output} After: {after.Output}"));
    }

    private static TrainingConfig WriteConfig(string directory, int train, int validation, string runId, params string[] overrides)
    {
        TinyTraining.WriteBanking77Chat(directory, train, validation);
        var builder = new TrainingConfigBuilder()
            .AddYaml(TinyTraining.Yaml(directory, withValidation: validation > 0), "tiny", directory)
            .AddYaml(Settings, "settings", directory)
            .ApplyOverrides([$"output.run_id={runId}", $"output.runs_dir={Path.Combine(directory, "runs")}", .. overrides]);
        var config = builder.Build();
        File.WriteAllText(Path.Combine(directory, "config.yaml"), TrainingConfigWriter.ToYaml(config));
        return config;
    }
}

/// <summary>Tests that time real work: xunit runs this collection by itself, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTimingCollection
{
    public const string Name = "serial timing";
}
