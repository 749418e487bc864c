using Sharpen.Training.Budgets;

namespace Sharpen.Training.Estimation;

/// <summary>
/// What a training job will take on this machine, predicted from a short probe run of the same model, method and data.
/// </summary>
/// <param name="TrainExamples">examples in the training set</param>
/// <param name="ValidationExamples">examples in the validation set</param>
/// <param name="Epochs">epochs (auto resolved)</param>
/// <param name="BatchSize">micro-batch size (auto resolved)</param>
/// <param name="Steps">optimizer steps the run will take, after any budget</param>
/// <param name="PlannedSteps">optimizer steps of all the epochs, before budgets</param>
/// <param name="Tokens">input tokens the run will process (padding excluded)</param>
/// <param name="BilledTokens">tokens in the training set × epochs: the hosted platforms' billing formula</param>
/// <param name="Evaluations">validation passes, the baseline one included</param>
/// <param name="CheckpointSaves">checkpoint saves (best/ saves not included)</param>
/// <param name="Setup">loading the data and the model</param>
/// <param name="Training">the optimizer steps</param>
/// <param name="Evaluation">all validation passes</param>
/// <param name="Checkpointing">checkpoint and best/ saves</param>
/// <param name="Total">wall time from start to finish</param>
/// <param name="TokensPerSecond">training throughput, padding excluded</param>
/// <param name="PeakMemoryBytes">the process's peak resident memory</param>
/// <param name="AvailableMemoryBytes">memory this machine has for the run now, or null where unknown</param>
/// <param name="PricePerHour">the configured price of an hour of this machine, or null</param>
/// <param name="Cost">Total × PricePerHour, or null without a price</param>
/// <param name="BudgetStop">the budget that will stop the run early, or null when it runs to the end</param>
/// <param name="Probe">what the probe measured</param>
/// <param name="Warnings">what would make this job fail or stop short (memory, budgets)</param>
/// <param name="Assumptions">what the prediction takes for granted</param>
public sealed record TrainingEstimate(
    int TrainExamples,
    int ValidationExamples,
    int Epochs,
    int BatchSize,
    long Steps,
    long PlannedSteps,
    long Tokens,
    long BilledTokens,
    int Evaluations,
    int CheckpointSaves,
    TimeSpan Setup,
    TimeSpan Training,
    TimeSpan Evaluation,
    TimeSpan Checkpointing,
    TimeSpan Total,
    double TokensPerSecond,
    long PeakMemoryBytes,
    long? AvailableMemoryBytes,
    double? PricePerHour,
    double? Cost,
    StopReason? BudgetStop,
    ProbeMeasurement Probe,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Assumptions);

/// <summary>The probe run's own figures.</summary>
/// <param name="Steps">steps it ran</param>
/// <param name="Wall">its wall time, set-up included</param>
/// <param name="StepTime">the per-step time line fitted over the second half of its steps</param>
/// <param name="WarmupSeconds">how much longer the first half of its steps took than the line predicts</param>
/// <param name="PeakMemoryBytes">its peak resident memory</param>
public sealed record ProbeMeasurement(int Steps, TimeSpan Wall, StepTimeModel StepTime, double WarmupSeconds, long PeakMemoryBytes);
