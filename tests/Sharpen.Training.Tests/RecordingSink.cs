using Sharpen.Core.Training;

namespace Sharpen.Training.Tests;

/// <summary>Keeps everything a run reports, and can run an action per step (e.g. advance a manual clock).</summary>
internal sealed class RecordingSink(Action<StepMetrics>? onStep = null) : IMetricSink
{
    public List<StepMetrics> Steps { get; } = [];

    public List<EvaluationMetrics> Evaluations { get; } = [];

    public List<TrainingEvent> Events { get; } = [];

    public void OnStep(StepMetrics metrics)
    {
        Steps.Add(metrics);
        onStep?.Invoke(metrics);
    }

    public void OnEvaluation(EvaluationMetrics metrics) => Evaluations.Add(metrics);

    public void OnEvent(TrainingEvent trainingEvent) => Events.Add(trainingEvent);

    public void Dispose()
    {
    }
}
