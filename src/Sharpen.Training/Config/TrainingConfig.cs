namespace Sharpen.Training.Config;

/// <summary>
/// A whole training run's settings, one record per YAML section. Built and validated by
/// <see cref="TrainingConfigBuilder"/>; written back as <c>config.resolved.yaml</c> so a run can be replayed.
/// </summary>
public sealed record TrainingConfig
{
    public ModelOptions Model { get; init; } = new();
    public LoraSection Lora { get; init; } = new();

    public DataOptions Data { get; init; } = new();

    public OptimizationOptions Training { get; init; } = new();

    public EvaluationOptions Evaluation { get; init; } = new();

    public EarlyStoppingOptions EarlyStopping { get; init; } = new();

    public BudgetOptions Budget { get; init; } = new();

    public CheckpointOptions Checkpoint { get; init; } = new();

    public OutputOptions Output { get; init; } = new();
}
