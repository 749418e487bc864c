using Sharpen.Training.Budgets;

namespace Sharpen.Training.Runs;

/// <summary>What a finished (or stopped) run reports to its caller; <c>status.json</c> in the run folder holds the same.</summary>
/// <param name="RunDirectory">the run folder</param>
/// <param name="Status">completed, stopped or cancelled</param>
/// <param name="StopReason">which budget, early stopping, cancellation — or completed</param>
/// <param name="Steps">optimizer steps done (across resumes)</param>
/// <param name="FinalTrainLoss">the last step's loss</param>
/// <param name="BestValidationLoss">lowest validation loss, or null without validation</param>
/// <param name="BestStep">the step that reached it, or null</param>
/// <param name="ModelDirectory">the folder whose <c>model.safetensors</c> holds the weights the run hands on:
/// <c>best/</c> after early stopping, otherwise the last checkpoint</param>
public sealed record TrainingResult(
    string RunDirectory,
    RunStatus Status,
    StopReason StopReason,
    long Steps,
    double FinalTrainLoss,
    double? BestValidationLoss,
    long? BestStep,
    string ModelDirectory)
{
    /// <summary>The untouched model's validation loss, measured before the first step (null without validation data).</summary>
    public double? BaselineValidationLoss { get; init; }
}
