using System.Diagnostics;
using Sharpen.Core.Diagnostics;
using Sharpen.Core.Training;

namespace Sharpen.Training.Estimation;

/// <summary>
/// A sink that times the probe run's phases from the callbacks it observes: set-up (until the start event), the
/// baseline validation pass, every step, the checkpoint save and the wind-down. It also notes the resident memory once
/// the model is loaded.
/// </summary>
internal sealed class ProbeRecorder : IMetricSink
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _previous;
    private bool _previousWasStep;

    public ProbeRecorder() => _previous = _start;

    public TimeSpan Setup { get; private set; }

    public TimeSpan? BaselineEvaluation { get; private set; }

    public TimeSpan? CheckpointSave { get; private set; }

    /// <summary>Per step in order: its seconds, including the sinks' share between two consecutive steps.</summary>
    public List<double> StepSeconds { get; } = [];

    public long ResidentAfterSetup { get; private set; }

    public void OnStep(StepMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = Stopwatch.GetTimestamp();
        // Between two steps the whole interval is the step's; after anything else (start, an evaluation) only the step
        // itself counts, which the metrics carry as tokens / (tokens per second).
        StepSeconds.Add(_previousWasStep ? Stopwatch.GetElapsedTime(_previous, now).TotalSeconds : metrics.Tokens / metrics.TokensPerSecond);
        Mark(now, step: true);
    }

    public void OnEvaluation(EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = Stopwatch.GetTimestamp();
        if (metrics.Trigger == "baseline")
        {
            BaselineEvaluation = Stopwatch.GetElapsedTime(_previous, now);
        }

        Mark(now, step: false);
    }

    public void OnEvent(TrainingEvent trainingEvent)
    {
        ArgumentNullException.ThrowIfNull(trainingEvent);
        var now = Stopwatch.GetTimestamp();
        switch (trainingEvent.Kind)
        {
            case TrainingEventKinds.Started:
                Setup = Stopwatch.GetElapsedTime(_start, now);
                ResidentAfterSetup = ProcessMemory.ResidentBytes();
                break;
            case TrainingEventKinds.CheckpointSaved when _previousWasStep:
                CheckpointSave = Stopwatch.GetElapsedTime(_previous, now);
                break;
        }

        Mark(now, step: false);
    }

    public void Dispose()
    {
    }

    private void Mark(long now, bool step)
    {
        _previous = now;
        _previousWasStep = step;
    }
}
