using System.Globalization;
using Sharpen.Core.Training;

namespace Sharpen.Hosting.Jobs;

/// <summary>
/// Turns a job's training run into its event log: one <c>metrics</c> event per step (with the step's validation, when
/// one ran, folded in), a checkpoint record per saved checkpoint, the resolved hyperparameters once training starts,
/// the estimated finish, and the run's notable events as messages. A resumed run first drops the metrics a killed run
/// logged past its checkpoint, so the curve continues without duplicates.
/// </summary>
internal sealed class JobMetricsSink(JobStore store, FineTuningJob job, TimeProvider time) : IMetricSink
{
    /// <summary>The least lead an estimate is given: clients sleep until it, so it must still be ahead when they read it.</summary>
    private static readonly TimeSpan s_minimumLead = TimeSpan.FromSeconds(2);

    private StepMetrics? _pending;
    private JobMetrics? _pendingMetrics;
    private JobMetrics? _last;

    public void OnStep(StepMetrics metrics)
    {
        Flush();
        _pending = metrics;
        _pendingMetrics = new JobMetrics(metrics.Step, metrics.TotalSteps, Finite(metrics.Loss), null, null, Finite(metrics.TokenAccuracy), null, null);
    }

    public void OnEvaluation(EvaluationMetrics metrics)
    {
        if (metrics.Trigger == "baseline")
        {
            store.AddEvent(job, "info", Invariant($"Validation loss before training: {metrics.Loss:F4} (token accuracy {metrics.TokenAccuracy:F4})"));
            return;
        }

        if (_pendingMetrics is { } pending && pending.Step == metrics.Step)
        {
            var fullSet = metrics.Trigger == "epoch_end";
            _pendingMetrics = pending with
            {
                ValidLoss = Finite(metrics.Loss),
                ValidMeanTokenAccuracy = Finite(metrics.TokenAccuracy),
                FullValidLoss = fullSet ? Finite(metrics.Loss) : pending.FullValidLoss,
                FullValidMeanTokenAccuracy = fullSet ? Finite(metrics.TokenAccuracy) : pending.FullValidMeanTokenAccuracy,
            };
        }
    }

    public void OnEvent(TrainingEvent trainingEvent)
    {
        Flush();
        switch (trainingEvent.Kind)
        {
            case TrainingEventKinds.Started:
                var data = trainingEvent.Data;
                store.SetResolved(job.Id, new JobHyperparameters(
                    int.Parse(data["epochs"], CultureInfo.InvariantCulture),
                    int.Parse(data["batch_size"], CultureInfo.InvariantCulture),
                    job.Requested.LearningRateMultiplier ?? 1));
                store.AddEvent(job, "info", trainingEvent.Message);
                break;
            case TrainingEventKinds.Resumed:
                store.DeleteMetricsAfter(job.Id, trainingEvent.Step);
                store.AddEvent(job, "info", Invariant($"Resumed training from the checkpoint at step {trainingEvent.Step}"));
                break;
            case TrainingEventKinds.CheckpointSaved:
                var metrics = _last is { } last && last.Step == trainingEvent.Step
                    ? last
                    : new JobMetrics(trainingEvent.Step, _last?.TotalSteps ?? trainingEvent.Step, null, null, null, null, null, null);
                var checkpoint = store.AddCheckpoint(job, metrics);
                store.ForgetPrunedCheckpoints(job.Id);
                store.AddEvent(job, "info", Invariant($"Checkpoint created at step {trainingEvent.Step}: {checkpoint.Model}"));
                break;
            case TrainingEventKinds.Overfitting or TrainingEventKinds.Truncated:
                store.AddEvent(job, "warn", trainingEvent.Message);
                break;
            case TrainingEventKinds.EarlyStopping or TrainingEventKinds.BestRestored or TrainingEventKinds.BudgetReached:
                store.AddEvent(job, "info", trainingEvent.Message);
                break;
            default:
                // started/completed are the runner's lifecycle messages; best_saved names internal folders.
                break;
        }
    }

    public void Dispose() => Flush();

    private void Flush()
    {
        if (_pending is not { } step || _pendingMetrics is not { } metrics)
        {
            return;
        }

        _pending = null;
        _pendingMetrics = null;
        _last = metrics;
        var message = Invariant($"Step {metrics.Step}/{metrics.TotalSteps}: training loss={step.Loss:F2}");
        if (metrics.ValidLoss is { } valid)
        {
            message += Invariant($", validation loss={valid:F2}");
        }

        // Rounded up to whole seconds (the wire's unit) and never less than the lead ahead.
        var lead = step.Eta < s_minimumLead ? s_minimumLead : step.Eta;
        store.AddStep(job, message, metrics, step.Tokens, DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lead).ToUnixTimeSeconds() + 1));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
