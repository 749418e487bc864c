using System.Diagnostics;
using System.Globalization;
using Sharpen.Core.Diagnostics;
using Sharpen.Training.Budgets;
using Sharpen.Training.Config;
using Sharpen.Training.Data;
using Sharpen.Training.Runs;

namespace Sharpen.Training.Estimation;

/// <summary>
/// <c>sharpen estimate</c>: predicts a training job's wall time, peak memory and cost on this machine. It plans the job
/// exactly as the run will (same examples, auto values, batches and step count), then runs a short real probe of the
/// same model, method and data — the first steps of the real batch order — and extrapolates: set-up and validation
/// passes as measured, each step from a line fitted to the probe's step times against their padded tokens,
/// checkpoints as measured, memory scaled up when the plan has bigger batches than the probe saw.
/// </summary>
public static class TrainingEstimator
{
    /// <summary>Plans and probes the job <paramref name="config"/> describes; the probe's run folder is deleted afterwards.</summary>
    public static TrainingEstimate Estimate(TrainingConfig config, EstimatorOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new EstimatorOptions();
        var availableBefore = ProcessMemory.AvailableBytes() is { } free ? free + ProcessMemory.ResidentBytes() : (long?)null;

        // ---- The plan, as FineTuneRecipe makes it.
        var source = new TrainingExampleSource(config.Model.Path, config.Data.Format, config.Data.TrainOnInputs);
        var trainExamples = source.Read(config.Data.Train);
        var validationExamples = config.Data.Validation.Length > 0 ? source.Read(config.Data.Validation) : [];
        if (trainExamples.Count == 0)
        {
            throw new InvalidDataException($"{config.Data.Train}: the training set has no examples.");
        }

        var resolved = AutoSettings.Resolve(config, trainExamples.Count, trainableParameters: 0); // the learning rate plays no part in time
        var t = resolved.Training;
        var batchSize = t.BatchSize!.Value;
        var epochs = t.Epochs!.Value;
        var planner = new BatchPlanner(trainExamples, config.Data.Batching, batchSize, config.Data.MaxSeqLength);
        var steps = new List<PlannedStep>();
        long maxMicroTokens = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var plan = planner.PlanEpoch(t.Seed, epoch);
            for (var first = 0; first < plan.Count; first += t.GradientAccumulationSteps)
            {
                var micro = plan.Skip(first).Take(t.GradientAccumulationSteps).ToList();
                var largest = micro.Max(b => (long)b.Rows * b.Length);
                maxMicroTokens = Math.Max(maxMicroTokens, largest);
                steps.Add(new PlannedStep(micro.Sum(b => (long)b.Rows * b.Length), micro.Sum(b => b.Tokens), first + micro.Count >= plan.Count, largest));
            }
        }

        var plannedSteps = steps.Count;
        var lastStep = (int)Math.Min(plannedSteps, config.Budget.MaxSteps ?? long.MaxValue);
        var budgetStop = lastStep < plannedSteps ? StopReason.MaxSteps : (StopReason?)null;

        // ---- The probe: a real run of the first steps, in a folder of its own.
        var probe = Probe(resolved, lastStep, options, cancellation);
        var probed = probe.Recorder.StepSeconds;
        if (probed.Count < Math.Min(2, lastStep))
        {
            throw new InvalidOperationException($"The probe ran only {probed.Count} step(s) within {options.ProbeTime}; allow it more time (--probe-time).");
        }

        // The first steps run slower (JIT tiering, allocator pools filling): the rate comes from the second half of the
        // probe, and what the first half took beyond that rate is a one-off warm-up.
        var warm = probed.Count / 2; // 0 for a one-step plan
        var model = StepTimeModel.Fit([.. steps.Skip(warm).Take(probed.Count - warm).Select(s => s.PaddedTokens)], [.. probed.Skip(warm)]);
        var warmup = Math.Max(0, Enumerable.Range(0, warm).Sum(i => probed[i] - model.Seconds(steps[i].PaddedTokens)));
        var evaluationSeconds = probe.Recorder.BaselineEvaluation?.TotalSeconds ?? 0;
        var checkpointSeconds = probe.Recorder.CheckpointSave?.TotalSeconds ?? 0;

        // ---- Walk the plan: steps, validation passes and saves, stopping where a budget would.
        var evaluate = validationExamples.Count > 0;
        var evaluations = evaluate ? 1 : 0; // the baseline pass before the first step
        var saves = 0;
        double trainingSeconds = warmup, evaluatingSeconds = evaluate ? evaluationSeconds : 0, savingSeconds = 0;
        long tokens = 0;
        var loopSeconds = 0.0; // what the run's own clock (and so its time and cost budgets) counts
        var taken = 0;
        for (var i = 0; i < lastStep; i++)
        {
            var step = steps[i];
            var number = i + 1;
            var seconds = model.Seconds(step.PaddedTokens);
            trainingSeconds += seconds;
            loopSeconds += seconds + (i == 0 ? warmup : 0);
            tokens += step.Tokens;
            if (evaluate && resolved.Evaluation.IsDue(number, step.EndsEpoch))
            {
                evaluations++;
                evaluatingSeconds += evaluationSeconds;
                loopSeconds += evaluationSeconds;
                // A pass that improves saves best/ (weights only): counted as a checkpoint's time, an upper bound.
                savingSeconds += checkpointSeconds;
                loopSeconds += checkpointSeconds;
            }

            taken = number;
            var reached = Budget(resolved.Budget, tokens, loopSeconds);
            budgetStop = reached ?? budgetStop;
            var stops = number == lastStep || reached is not null;
            if (stops || resolved.Checkpoint.IsDue(number, step.EndsEpoch))
            {
                saves++;
                savingSeconds += checkpointSeconds;
                loopSeconds += checkpointSeconds;
            }

            if (stops)
            {
                break;
            }
        }

        var setup = probe.Recorder.Setup;
        var total = setup + TimeSpan.FromSeconds(trainingSeconds + evaluatingSeconds + savingSeconds);
        var stepSeconds = trainingSeconds - warmup;
        var tokensPerSecond = stepSeconds > 0 ? tokens / stepSeconds : 0;

        // ---- Memory: the probe's peak, with the part above the loaded model scaled to the plan's biggest micro-batch.
        var probeMax = steps.Take(probed.Count).Max(s => s.LargestMicroBatchTokens);
        var activations = Math.Max(0, probe.PeakBytes - probe.Recorder.ResidentAfterSetup);
        var peak = probe.PeakBytes + (long)(activations * Math.Max(0, ((double)maxMicroTokens / Math.Max(1, probeMax)) - 1));

        var price = options.PricePerHour ?? resolved.Budget.PricePerHour;
        var cost = price is { } p ? BudgetTracker.Cost(total, p) : (double?)null;
        var warnings = new List<string>();
        if (availableBefore is { } available && peak > 0.9 * available)
        {
            warnings.Add(Invariant($"Peak memory {Gib(peak)} is over 90% of the {Gib(available)} this machine has free: the run may not fit. Lower training.batch_size or data.max_seq_length, or use qlora."));
        }

        if (budgetStop is { } stop)
        {
            warnings.Add(Invariant($"Budget {TrainingConfigBinding.Name(stop)} stops the run after step {taken} of {plannedSteps} ({100.0 * taken / plannedSteps:F0}% of the planned epochs)."));
        }

        var assumptions = new List<string>
        {
            Invariant($"Probe: {probed.Count} real steps of this model, method and data (the run's first batches) in {probe.Wall.TotalSeconds:F1} s; a step takes {model.OverheadSeconds * 1000:F1} ms + {model.SecondsPerToken * 1e6:F2} µs per padded token."),
            "The machine is as busy during the run as during the probe; other processes slow both alike.",
            "The run goes to the end of its plan (early stopping, if it triggers, only shortens it).",
            "Each validation pass improves and saves best/, costing a checkpoint's time (an upper bound).",
        };
        if (!probe.PeakWasReset)
        {
            assumptions.Add("Peak memory counts this process's whole life (the kernel did not allow resetting the peak), so it may be high.");
        }

        if (price is null)
        {
            assumptions.Add("No price per hour configured (budget.price_per_hour or --price-per-hour): cost not computed.");
        }

        return new TrainingEstimate(
            trainExamples.Count, validationExamples.Count, epochs, batchSize, taken, plannedSteps, tokens,
            trainExamples.Sum(e => (long)e.InputIds.Length) * epochs,
            evaluations, saves, setup, TimeSpan.FromSeconds(trainingSeconds), TimeSpan.FromSeconds(evaluatingSeconds),
            TimeSpan.FromSeconds(savingSeconds), total, tokensPerSecond, peak, availableBefore, price, cost, budgetStop,
            new ProbeMeasurement(probed.Count, probe.Wall, model, warmup, probe.PeakBytes), warnings, assumptions);
    }

    /// <summary>
    /// Runs the job's first steps for real until the probe has seen <see cref="EstimatorOptions.ProbeSteps"/> steps and
    /// <see cref="EstimatorOptions.ProbeStepping"/> of stepping (or the whole plan, or <see cref="EstimatorOptions.ProbeTime"/>).
    /// </summary>
    private static (ProbeRecorder Recorder, TimeSpan Wall, long PeakBytes, bool PeakWasReset) Probe(TrainingConfig config, int planSteps, EstimatorOptions options, CancellationToken cancellation)
    {
        var folder = Directory.CreateTempSubdirectory("sharpen-probe-");
        try
        {
            var probeConfig = config with
            {
                Budget = new BudgetOptions { MaxSteps = planSteps, MaxTime = options.ProbeTime },
                Evaluation = config.Evaluation with { EverySteps = 0 },
                EarlyStopping = config.EarlyStopping with { Enabled = false },
                Checkpoint = config.Checkpoint with { EverySteps = 0, EveryEpoch = false, KeepLast = 1 },
                Output = config.Output with { RunsDir = folder.FullName, RunId = "probe", Console = false, Tensorboard = false },
            };
            var reset = ProcessMemory.TryResetPeak();
            var started = Stopwatch.GetTimestamp();
            using var enough = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var recorder = new ProbeRecorder(Math.Max(2, options.ProbeSteps), options.ProbeStepping, enough);
            TrainingRun.Start(probeConfig, new TrainingRunOptions { Sinks = [recorder] }, enough.Token);
            cancellation.ThrowIfCancellationRequested();
            return (recorder, Stopwatch.GetElapsedTime(started), ProcessMemory.PeakResidentBytes(), reset);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static StopReason? Budget(BudgetOptions budget, long tokens, double seconds)
    {
        var elapsed = TimeSpan.FromSeconds(seconds);
        return budget.MaxTokens is { } maxTokens && tokens >= maxTokens ? StopReason.MaxTokens
            : budget.MaxTime is { } maxTime && elapsed >= maxTime ? StopReason.MaxTime
            : budget.MaxCost is { } maxCost && budget.PricePerHour is { } price && BudgetTracker.Cost(elapsed, price) >= maxCost ? StopReason.MaxCost
            : null;
    }

    private static string Gib(long bytes) => Invariant($"{bytes / (1024.0 * 1024 * 1024):F2} GiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record PlannedStep(long PaddedTokens, long Tokens, bool EndsEpoch, long LargestMicroBatchTokens);
}
