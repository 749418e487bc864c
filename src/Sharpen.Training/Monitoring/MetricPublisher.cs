using Sharpen.Core.Training;

namespace Sharpen.Training.Monitoring;

/// <summary>Fans a run's reports out to its sinks and stamps events with the run's clock.</summary>
internal sealed class MetricPublisher(IReadOnlyList<IMetricSink> owned, IReadOnlyList<IMetricSink> external, TimeProvider time) : IDisposable
{
    private readonly IMetricSink[] sinks = [.. owned, .. external];

    public void Step(StepMetrics metrics)
    {
        foreach (var sink in sinks)
        {
            sink.OnStep(metrics);
        }
    }

    public void Evaluation(EvaluationMetrics metrics)
    {
        foreach (var sink in sinks)
        {
            sink.OnEvaluation(metrics);
        }
    }

    public void Event(long step, string kind, string message, IReadOnlyDictionary<string, string>? data = null)
    {
        var trainingEvent = new TrainingEvent(time.GetUtcNow(), step, kind, message, data ?? new Dictionary<string, string>());
        foreach (var sink in sinks)
        {
            sink.OnEvent(trainingEvent);
        }
    }

    /// <summary>Disposes the sinks the run created (not the caller's).</summary>
    public void Dispose()
    {
        foreach (var sink in owned)
        {
            sink.Dispose();
        }
    }
}
