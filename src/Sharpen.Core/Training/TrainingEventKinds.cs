namespace Sharpen.Core.Training;

/// <summary>The event kinds a run emits; dashboards and tests match on these strings.</summary>
public static class TrainingEventKinds
{
    public const string Started = "started";
    public const string Resumed = "resumed";
    public const string CheckpointSaved = "checkpoint_saved";
    public const string BestSaved = "best_saved";
    public const string Overfitting = "overfitting";
    public const string EarlyStopping = "early_stopping";
    public const string BestRestored = "best_restored";
    public const string BudgetReached = "budget_reached";
    public const string Completed = "completed";
    public const string Truncated = "examples_truncated";
}
