namespace Sharpen.Training.Config;

/// <summary>The <c>early_stopping:</c> section (needs <c>data.validation</c>).</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary><c>early_stopping.enabled</c> (default false).</summary>
    public bool Enabled { get; init; }

    /// <summary><c>early_stopping.patience</c>: evaluations without improvement before stopping (default 3).</summary>
    public int Patience { get; init; } = 3;

    /// <summary><c>early_stopping.min_delta</c>: how much lower a validation loss must be to count as better (default 0).</summary>
    public double MinDelta { get; init; }
}
