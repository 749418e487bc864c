using Sharpen.Core.IO;
using System.Globalization;
using System.Text.Json;
using Sharpen.Core.Training;
using Sharpen.Modeling.Llama;
using Sharpen.Modeling.Runtime;
using Sharpen.Training.Budgets;
using Sharpen.Training.Checkpointing;
using Sharpen.Training.Config;
using Sharpen.Training.Data;
using Sharpen.Training.Loss;
using Sharpen.Training.Methods;
using Sharpen.Training.Monitoring;
using Sharpen.Training.Optimization;
using Sharpen.Training.Runs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Recipes;

/// <summary>
/// Fine-tuning of a Llama-family model, read top to bottom: Setup → Train (step, report, evaluate, checkpoint, check
/// budgets) → Cleanup. The method (full | lora | qlora) only picks the projections and the trainable parameters
/// (<see cref="IFineTuningMethod"/>); everything else is shared. A fresh run and a resumed one differ only in where the
/// state comes from, which is what makes the resumed loss curve identical to an uninterrupted one.
/// </summary>
internal sealed class FineTuneRecipe
{
    private const string ConfigFile = "config.resolved.yaml";
    private const string StatusFile = "status.json";

    private readonly string _runDirectory;
    private readonly TimeProvider _time;
    private TrainingConfig _config;

    private FineTuneRecipe(TrainingConfig config, string runDirectory, TimeProvider time)
    {
        _config = config;
        _runDirectory = runDirectory;
        _time = time;
    }

    public static TrainingResult Start(TrainingConfig config, string runDirectory, TrainingRunOptions options, CancellationToken cancellation) =>
        new FineTuneRecipe(config, runDirectory, options.Time).Run(resumeFrom: null, options, cancellation);

    public static TrainingResult Resume(string runDirectory, TrainingRunOptions options, CancellationToken cancellation)
    {
        var configPath = Path.Combine(runDirectory, ConfigFile);
        if (!File.Exists(configPath))
        {
            throw new DirectoryNotFoundException($"'{runDirectory}' is not a run folder: it has no {ConfigFile}.");
        }

        var config = new TrainingConfigBuilder().AddYamlFile(configPath).Build();
        var recipe = new FineTuneRecipe(config, runDirectory, options.Time);
        var checkpoint = new CheckpointStore(runDirectory, config.Checkpoint.KeepLast).Latest()
            ?? throw new InvalidOperationException($"'{runDirectory}' has no complete checkpoint under checkpoints/ to resume from.");
        return recipe.Run(checkpoint, options, cancellation);
    }

    private TrainingResult Run(string? resumeFrom, TrainingRunOptions options, CancellationToken cancellation)
    {
        // ---------------------------------------------------------------- Setup
        TorchRuntime.SetThreads(_config.Training.Threads);
        manual_seed(_config.Training.Seed);
        var examples = new TrainingExampleSource(_config.Model.Path, _config.Data.Format, _config.Data.TrainOnInputs);
        var trainExamples = examples.Read(_config.Data.Train);
        var validationExamples = _config.Data.Validation.Length > 0 ? examples.Read(_config.Data.Validation) : [];
        if (trainExamples.Count == 0)
        {
            throw new InvalidDataException($"{_config.Data.Train}: the training set has no examples.");
        }

        var method = FineTuningMethods.Create(_config);
        using var model = LlamaForCausalLM.FromPretrained(_config.Model.Path, method.WeightDType(_config.Model.ComputeDType), method.Linear, method.AllowMissing);
        method.AfterLoad(model);
        model.train();
        var trainable = method.SelectTrainable(model);
        _config = AutoSettings.Resolve(_config, trainExamples.Count, trainable.Sum(t => t.Parameter.numel()));
        var t = _config.Training;
        var batchSize = t.BatchSize!.Value;
        var trainPlanner = new BatchPlanner(trainExamples, _config.Data.Batching, batchSize, _config.Data.MaxSeqLength);
        if (trainPlanner.ExampleCount == 0)
        {
            throw new InvalidDataException($"{_config.Data.Train}: no example has a target token (loss_mask is all 0 after the first token).");
        }

        var validationBatches = validationExamples.Count > 0
            ? new BatchPlanner(validationExamples, BatchingStrategy.LengthGrouped, batchSize, _config.Data.MaxSeqLength).PlanEvaluation()
            : [];
        var epochs = t.Epochs!.Value;
        var stepsPerEpoch = Enumerable.Range(0, epochs)
            .Select(e => (trainPlanner.PlanEpoch(t.Seed, e).Count + t.GradientAccumulationSteps - 1) / t.GradientAccumulationSteps)
            .ToArray();
        var totalSteps = Math.Min(stepsPerEpoch.Sum(s => (long)s), _config.Budget.MaxSteps ?? long.MaxValue);
        var schedule = new LearningRateSchedule(t.LrScheduler, t.LearningRate!.Value, totalSteps, LearningRateSchedule.WarmupFor(t, totalSteps));
        using var optimizer = WeightDecayGroups.Split(trainable).CreateAdamW(t.LearningRate.Value, t.AdamBeta1, t.AdamBeta2, t.AdamEpsilon, t.WeightDecay);
        using var replica = method.UsesComputeReplica(_config.Model.ComputeDType)
            ? new ComputeReplica(model, trainable, method.Linear, ScalarType.BFloat16)
            : null;
        var compute = replica?.Model ?? model;
        compute.GradientCheckpointing = method.CheckpointsActivations;
        var workerCount = DataParallelWorkers(batchSize);
        using var workerModels = workerCount == 1
            ? null
            : new WorkerModels(compute, [.. trainable.Select(p => p.Name)], workerCount, () =>
            {
                if (replica is not null)
                {
                    return new LlamaForCausalLM(model.Config, ScalarType.BFloat16, method.Linear);
                }

                var sibling = new LlamaForCausalLM(model.Config, method.WeightDType(_config.Model.ComputeDType), method.Linear);
                method.AfterLoad(sibling);
                return sibling;
            });
        TorchRuntime.KeepFreedMemoryForReuse();
        using var workers = workerModels is null ? null : new StepWorkers(workerCount);
        var store = new CheckpointStore(_runDirectory, _config.Checkpoint.KeepLast);
        var budget = new BudgetTracker(_config.Budget);
        var earlyStopping = new EarlyStopping(_config.EarlyStopping.Patience, _config.EarlyStopping.MinDelta);
        var overfit = new OverfitDetector(_config.Evaluation.OverfitPatience);

        var state = new TrainerState { DataSeed = t.Seed };
        if (resumeFrom is not null)
        {
            CheckpointStore.LoadWeights(resumeFrom, trainable);
            CheckpointStore.LoadOptimizer(resumeFrom, optimizer);
            state = CheckpointStore.LoadState(resumeFrom);
            using (var rng = tensor(Convert.FromBase64String(state.TorchRngState), ScalarType.Byte))
            {
                set_rng_state(rng);
            }

            replica?.RefreshFromMasters();
            earlyStopping.Restore(state.BestValidationLoss, state.BestStep, state.EvaluationsWithoutImprovement);
            overfit.Restore(state.OverfitPreviousValidation, state.OverfitPreviousTrain, state.OverfitStreak);
            MetricsJsonlSink.TruncateAfter(Path.Combine(_runDirectory, MetricsJsonlSink.FileName), state.Step);
        }
        else
        {
            Directory.CreateDirectory(_runDirectory);
            AtomicFile.WriteAllText(Path.Combine(_runDirectory, ConfigFile), TrainingConfigWriter.ToYaml(_config));
            RunManifest.Write(Path.Combine(_runDirectory, RunManifest.FileName), Path.GetFileName(_runDirectory), _config, _time.GetUtcNow(), trainExamples.Count, validationExamples.Count);
        }

        using var publisher = new MetricPublisher(OwnedSinks(options), options.Sinks, _time);
        if (resumeFrom is null)
        {
            publisher.Event(0, TrainingEventKinds.Started, $"Training {trainable.Count} tensors ({trainable.Sum(p => p.Parameter.numel()):N0} parameters) for {totalSteps} steps.", new Dictionary<string, string>
            {
                ["total_steps"] = Invariant(totalSteps),
                ["epochs"] = Invariant(epochs),
                ["batch_size"] = Invariant(batchSize),
                ["learning_rate"] = Invariant(t.LearningRate.Value),
                ["method"] = TrainingConfigBinding.Name(_config.Model.Method),
                ["prompt_format"] = examples.PromptFormat ?? "tokenized input",
            });
            if (trainPlanner.Truncated > 0 || trainPlanner.SkippedWithoutTargets > 0)
            {
                publisher.Event(0, TrainingEventKinds.Truncated, $"{trainPlanner.Truncated} examples were cut to {_config.Data.MaxSeqLength} tokens; {trainPlanner.SkippedWithoutTargets} had no target left and were skipped.");
            }

            if (validationBatches.Count > 0)
            {
                // The untouched model's validation loss: the number every later evaluation has to beat.
                var (baselineLoss, baselineAccuracy) = Evaluate(compute, validationBatches);
                publisher.Evaluation(new EvaluationMetrics(0, 0, baselineLoss, baselineAccuracy, "baseline"));
                state = state with { BaselineValidationLoss = baselineLoss };
            }
        }
        else
        {
            publisher.Event(state.Step, TrainingEventKinds.Resumed, $"Resumed from {resumeFrom} at step {state.Step}.", new Dictionary<string, string> { ["checkpoint"] = resumeFrom });
        }

        // ---------------------------------------------------------------- Train
        var clockStart = _time.GetTimestamp();
        var elapsedBefore = TimeSpan.FromTicks(state.ElapsedTicks);
        TimeSpan Elapsed() => elapsedBefore + _time.GetElapsedTime(clockStart);
        var stepsThisSession = 0L;
        var lastLoss = double.NaN;
        StopReason? stop = null;
        IReadOnlyList<Batch>? plan = null;
        var planEpoch = -1;

        while (stop is null)
        {
            if (state.Epoch >= epochs || state.Step >= totalSteps)
            {
                stop = state.Step >= totalSteps && _config.Budget.MaxSteps is { } m && m == totalSteps && state.Epoch < epochs
                    ? StopReason.MaxSteps
                    : StopReason.Completed;
                break;
            }

            if (cancellation.IsCancellationRequested)
            {
                stop = StopReason.Cancelled;
                break;
            }

            if (planEpoch != state.Epoch)
            {
                plan = trainPlanner.PlanEpoch(state.DataSeed, state.Epoch);
                planEpoch = state.Epoch;
            }

            // One optimizer step over up to gradient_accumulation_steps micro-batches of this epoch.
            var stepStart = _time.GetTimestamp();
            var micro = plan!.Skip(state.BatchInEpoch).Take(t.GradientAccumulationSteps).ToList();
            var (loss, accuracy, gradNorm, learningRate) = TrainStep(compute, replica, workers, workerModels, optimizer, trainable, micro, schedule.At(state.Step + 1), t.MaxGradNorm);
            var tokens = micro.Sum(b => b.Tokens);
            var targets = micro.Sum(b => b.TargetTokens);
            var nextBatch = state.BatchInEpoch + micro.Count;
            var epochDone = nextBatch >= plan!.Count;
            var stepEpoch = state.Epoch;
            state = state with
            {
                Step = state.Step + 1,
                Epoch = epochDone ? state.Epoch + 1 : state.Epoch,
                BatchInEpoch = epochDone ? 0 : nextBatch,
                TokensSeen = state.TokensSeen + tokens,
                TrainLossSinceEval = state.TrainLossSinceEval + loss,
                StepsSinceEval = state.StepsSinceEval + 1,
            };
            stepsThisSession++;
            lastLoss = loss;

            // Report (sinks observe only).
            var stepSeconds = Math.Max(_time.GetElapsedTime(stepStart).TotalSeconds, 1e-9);
            var elapsed = Elapsed();
            var eta = TimeSpan.FromSeconds(_time.GetElapsedTime(clockStart).TotalSeconds / stepsThisSession * (totalSteps - state.Step));
            publisher.Step(new StepMetrics(state.Step, stepEpoch, loss, accuracy, learningRate, gradNorm, tokens, targets, tokens / stepSeconds, elapsed, eta, totalSteps));

            // Evaluate every N steps and at each epoch end.
            if (validationBatches.Count > 0 && _config.Evaluation.IsDue(state.Step, epochDone))
            {
                var (validationLoss, validationAccuracy) = Evaluate(compute, validationBatches);
                publisher.Evaluation(new EvaluationMetrics(state.Step, stepEpoch, validationLoss, validationAccuracy, epochDone ? "epoch_end" : "interval"));
                var meanTrain = state.TrainLossSinceEval / state.StepsSinceEval;
                if (overfit.Observe(meanTrain, validationLoss))
                {
                    publisher.Event(state.Step, TrainingEventKinds.Overfitting, $"Validation loss rose for {_config.Evaluation.OverfitPatience} evaluations in a row while training loss fell (now {validationLoss:F4} vs train {meanTrain:F4}).");
                }

                var improved = earlyStopping.Observe(state.Step, validationLoss);
                state = state with
                {
                    TrainLossSinceEval = 0,
                    StepsSinceEval = 0,
                    BestValidationLoss = earlyStopping.BestLoss,
                    BestStep = earlyStopping.BestStep,
                    EvaluationsWithoutImprovement = earlyStopping.EvaluationsWithoutImprovement,
                    OverfitPreviousValidation = overfit.PreviousValidation,
                    OverfitPreviousTrain = overfit.PreviousTrain,
                    OverfitStreak = overfit.Streak,
                };
                if (improved)
                {
                    store.SaveBest(trainable, WithClock(state, Elapsed()));
                    publisher.Event(state.Step, TrainingEventKinds.BestSaved, $"New best validation loss {validationLoss:F4}; saved best/.", new Dictionary<string, string> { ["loss"] = Invariant(validationLoss) });
                }

                if (_config.EarlyStopping.Enabled && earlyStopping.ShouldStop)
                {
                    stop = StopReason.EarlyStopping;
                }
            }

            // Decide whether to stop here, at the step boundary.
            if (stop is null && state.Epoch >= epochs)
            {
                stop = StopReason.Completed;
            }

            stop ??= cancellation.IsCancellationRequested ? StopReason.Cancelled : budget.Check(state.Step, state.TokensSeen, Elapsed());

            if (stop is not null || _config.Checkpoint.IsDue(state.Step, epochDone))
            {
                var saved = store.Save(trainable, optimizer, WithClock(state, Elapsed()));
                publisher.Event(state.Step, TrainingEventKinds.CheckpointSaved, $"Saved {saved}.", new Dictionary<string, string> { ["path"] = saved });
            }
        }

        // ---------------------------------------------------------------- Cleanup
        if (stepsThisSession == 0 && store.Latest() is null)
        {
            store.Save(trainable, optimizer, WithClock(state, Elapsed()));
        }

        var reason = stop.Value;
        var modelDirectory = store.Latest()!;
        if (reason is StopReason.MaxSteps or StopReason.MaxTime or StopReason.MaxTokens or StopReason.MaxCost)
        {
            publisher.Event(state.Step, TrainingEventKinds.BudgetReached, $"Budget {TrainingConfigBinding.Name(reason)} reached after step {state.Step}; stopped and saved.", new Dictionary<string, string> { ["budget"] = TrainingConfigBinding.Name(reason) });
        }

        if (reason == StopReason.EarlyStopping)
        {
            publisher.Event(state.Step, TrainingEventKinds.EarlyStopping, $"No validation improvement for {_config.EarlyStopping.Patience} evaluations; stopping.");
            CheckpointStore.LoadWeights(store.BestDirectory, trainable);
            modelDirectory = store.BestDirectory;
            publisher.Event(state.Step, TrainingEventKinds.BestRestored, $"Restored the best weights from step {earlyStopping.BestStep} (validation loss {earlyStopping.BestLoss:F4}).");
        }

        var status = reason switch
        {
            StopReason.Completed => RunStatus.Completed,
            StopReason.Cancelled => RunStatus.Cancelled,
            _ => RunStatus.Stopped,
        };
        var hasBest = validationBatches.Count > 0 && double.IsFinite(earlyStopping.BestLoss);
        var result = new TrainingResult(_runDirectory, status, reason, state.Step, lastLoss, hasBest ? earlyStopping.BestLoss : null, hasBest ? earlyStopping.BestStep : null, modelDirectory)
        {
            BaselineValidationLoss = state.BaselineValidationLoss,
        };
        WriteStatus(result);
        publisher.Event(state.Step, TrainingEventKinds.Completed, $"Run {TrainingConfigBinding.Name(status)} ({TrainingConfigBinding.Name(reason)}) after {state.Step} steps.", new Dictionary<string, string>
        {
            ["status"] = TrainingConfigBinding.Name(status),
            ["stop_reason"] = TrainingConfigBinding.Name(reason),
        });
        return result;
    }

    /// <summary>
    /// How many data-parallel workers share a step (<see cref="StepWorkers"/>): one per libtorch thread this run was given,
    /// but no more than a micro-batch has rows; 1 (no workers, every operator on all threads) otherwise.
    /// </summary>
    private static int DataParallelWorkers(int batchSize) => Math.Max(1, Math.Min(get_num_threads(), batchSize));

    /// <summary>
    /// Forward and backward over the micro-batches, each scaled by 1 / (the step's target tokens) so the gradient is
    /// that of the mean loss over all of them; then clipping and one AdamW update at <paramref name="learningRate"/>.
    /// With workers, each micro-batch's rows are shared out among them and their gradients summed in worker order
    /// (<see cref="ParallelUpdate"/>); each worker draws its random numbers from a generator seeded, in worker order, from
    /// torch's, so a seeded run (and a resumed one) repeats itself however the threads interleave.
    /// </summary>
    private static (double Loss, double Accuracy, double GradNorm, double LearningRate) TrainStep(
        LlamaForCausalLM compute,
        ComputeReplica? replica,
        StepWorkers? workers,
        WorkerModels? workerModels,
        SlicedAdamW optimizer,
        IReadOnlyList<(string Name, Parameter Parameter)> trainable,
        List<Batch> micro,
        double learningRate,
        double maxGradNorm)
    {
        if (replica is null)
        {
            // With a replica the masters' gradients are overwritten from it after backward (ComputeReplica).
            ZeroGradients(trainable);
        }

        var targetTokens = micro.Sum(b => b.TargetTokens);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        if (workers is not null && workerModels is not null)
        {
            var (sharedLoss, sharedCorrect) = ForwardBackward(workers, workerModels, micro, targetTokens);
            var norm = ParallelUpdate.Run(workers, workerModels, [.. trainable.Select(p => p.Parameter)], computeIsMaster: replica is null, optimizer, maxGradNorm);
            return (sharedLoss / targetTokens, (double)sharedCorrect / targetTokens, norm, learningRate);
        }

        double lossSum = 0;
        long correct = 0;
        foreach (var batch in micro)
        {
            var (loss, hits) = ForwardBackward(compute, batch, targetTokens);
            lossSum += loss;
            correct += hits;
        }

        replica?.MoveGradientsToMasters();
        var gradNorm = ClipGradients(trainable, maxGradNorm);
        optimizer.step();
        replica?.RefreshFromMasters();
        return (lossSum / targetTokens, (double)correct / targetTokens, gradNorm, learningRate);
    }

    /// <summary>
    /// The micro-batches' forward and backward on the workers, each taking its share of every micro-batch's rows
    /// (<see cref="Batch.Part"/>); returns the summed loss and correct predictions.
    /// </summary>
    private static (double Loss, long Correct) ForwardBackward(StepWorkers workers, WorkerModels models, List<Batch> micro, long targetTokens)
    {
        long[] seeds;
        using (var draw = randint(0, 1L << 62, [workers.Count], dtype: ScalarType.Int64))
        {
            seeds = draw.data<long>().ToArray();
        }

        var losses = new double[workers.Count];
        var hits = new long[workers.Count];
        workers.Run(w =>
        {
            using var generator = new Generator((ulong)seeds[w]);
            using var random = RandomSource.Use(generator);
            foreach (var batch in micro)
            {
                if (batch.Part(w, workers.Count) is { } part)
                {
                    (var loss, var hit) = ForwardBackward(models.Models[w], part, targetTokens);
                    losses[w] += loss;
                    hits[w] += hit;
                }
            }
        });
        return (losses.Sum(), hits.Sum());
    }

    /// <summary>One micro-batch's forward and backward; returns its summed loss and correct predictions.</summary>
    private static (double Loss, long Correct) ForwardBackward(LlamaForCausalLM model, Batch batch, long targetTokens)
    {
        using var scope = NewDisposeScope();
        var ids = batch.Ids();
        var hidden = model.Hidden(ids, null, batch.AttentionMask());
        var (sum, hits) = CausalLmLoss.Compute(hidden, model.OutputWeight, ids, batch.Mask());
        (sum / targetTokens).backward();
        return (sum.to(ScalarType.Float64).item<double>(), hits.item<long>());
    }

    /// <summary>
    /// Zeroes the gradients inside a dispose scope. (TorchSharp 0.107's <c>OptimizerHelper.zero_grad</c> leaves one
    /// undisposed tensor wrapper per parameter per call, which the no-leak test catches.)
    /// </summary>
    private static void ZeroGradients(IReadOnlyList<(string Name, Parameter Parameter)> trainable)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (_, parameter) in trainable)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>Global L2 norm over all gradients; when above <paramref name="maxNorm"/> (and it is > 0) every gradient
    /// is scaled by maxNorm / (norm + 1e-6), as torch.nn.utils.clip_grad_norm_ does.</summary>
    private static double ClipGradients(IReadOnlyList<(string Name, Parameter Parameter)> trainable, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = trainable.Select(p => p.Parameter.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0)
        {
            return 0;
        }

        // Per-tensor norms first (no gradient-sized temporaries, unlike g.pow(2)), then the norm of those norms.
        var norm = linalg.vector_norm(stack(grads.Select(g => linalg.vector_norm(g)).ToArray())).item<float>();
        if (maxNorm > 0 && norm > maxNorm)
        {
            var coefficient = maxNorm / (norm + 1e-6);
            using (no_grad())
            {
                foreach (var g in grads)
                {
                    g.mul_(coefficient);
                }
            }
        }

        return norm;
    }

    /// <summary>Mean loss and accuracy over every validation target token.</summary>
    private static (double Loss, double Accuracy) Evaluate(LlamaForCausalLM compute, IReadOnlyList<Batch> batches)
    {
        compute.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            long correct = 0, targets = 0;
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var ids = batch.Ids();
                var hidden = compute.Hidden(ids, null, batch.AttentionMask());
                var (sum, hits) = CausalLmLoss.Compute(hidden, compute.OutputWeight, ids, batch.Mask());
                lossSum += sum.to(ScalarType.Float64).item<double>();
                correct += hits.item<long>();
                targets += batch.TargetTokens;
            }

            return (lossSum / targets, (double)correct / targets);
        }
        finally
        {
            compute.train();
        }
    }

    private List<IMetricSink> OwnedSinks(TrainingRunOptions options)
    {
        var sinks = new List<IMetricSink>
        {
            new MetricsJsonlSink(Path.Combine(_runDirectory, MetricsJsonlSink.FileName)),
            new EventsJsonlSink(Path.Combine(_runDirectory, EventsJsonlSink.FileName)),
        };
        if (_config.Output.Console)
        {
            sinks.Add(new ConsoleProgressSink(options.Console ?? Console.Out));
        }

        if (_config.Output.Tensorboard)
        {
            sinks.Add(new TensorBoardSink(Path.Combine(_runDirectory, "tensorboard")));
        }

        return sinks;
    }

    private static TrainerState WithClock(TrainerState state, TimeSpan elapsed)
    {
        using var rng = get_rng_state();
        return state with { ElapsedTicks = elapsed.Ticks, TorchRngState = Convert.ToBase64String(rng.data<byte>().ToArray()) };
    }

    private void WriteStatus(TrainingResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("status", TrainingConfigBinding.Name(result.Status));
            w.WriteString("stop_reason", TrainingConfigBinding.Name(result.StopReason));
            w.WriteNumber("steps", result.Steps);
            JsonLines.WriteNumber(w, "final_train_loss", result.FinalTrainLoss);
            if (result.BestValidationLoss is { } best)
            {
                w.WriteNumber("best_validation_loss", best);
                w.WriteNumber("best_step", result.BestStep!.Value);
            }

            w.WriteString("model_directory", result.ModelDirectory);
            if (result.BaselineValidationLoss is { } baseline)
            {
                w.WriteNumber("baseline_validation_loss", baseline);
            }
            w.WriteString("finished", _time.GetUtcNow());
            w.WriteEndObject();
        }

        AtomicFile.Write(Path.Combine(_runDirectory, StatusFile), stream => stream.Write(buffer.ToArray()));
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
