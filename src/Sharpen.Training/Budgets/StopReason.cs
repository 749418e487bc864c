namespace Sharpen.Training.Budgets;

/// <summary>Why a run ended.</summary>
public enum StopReason
{
    /// <summary>All planned epochs ran (config spelling <c>completed</c>).</summary>
    Completed,

    /// <summary><c>budget.max_steps</c> was reached.</summary>
    MaxSteps,

    /// <summary><c>budget.max_time</c> was reached.</summary>
    MaxTime,

    /// <summary><c>budget.max_tokens</c> was reached.</summary>
    MaxTokens,

    /// <summary><c>budget.max_cost</c> was reached.</summary>
    MaxCost,

    /// <summary>Validation stopped improving for <c>early_stopping.patience</c> evaluations.</summary>
    EarlyStopping,

    /// <summary>The caller's cancellation token fired.</summary>
    Cancelled,
}
