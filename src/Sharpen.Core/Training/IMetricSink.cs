namespace Sharpen.Core.Training;

/// <summary>
/// Receives what a training run reports: one record per optimizer step, one per evaluation and the run's events.
/// Sinks observe and never steer: they must not change the run's course, and a sink's failure is the sink's problem
/// (console, JSONL files, TensorBoard and the dashboard are all sinks).
/// </summary>
public interface IMetricSink : IDisposable
{
    /// <summary>Called after every optimizer step.</summary>
    void OnStep(StepMetrics metrics);

    /// <summary>Called after every validation pass.</summary>
    void OnEvaluation(EvaluationMetrics metrics);

    /// <summary>Called for lifecycle events (started, checkpoint saved, budget reached, overfitting, stopped...).</summary>
    void OnEvent(TrainingEvent trainingEvent);
}
