namespace Sharpen.Training.Config;

/// <summary>
/// The <c>budget:</c> section. Each limit is optional; the first one reached stops the run at a step boundary, after
/// which the run saves a checkpoint and records which budget stopped it.
/// </summary>
public sealed record BudgetOptions
{
    /// <summary><c>budget.max_steps</c>: optimizer steps.</summary>
    public long? MaxSteps { get; init; }

    /// <summary><c>budget.max_time</c>: training wall time, e.g. <c>90m</c>, <c>2h</c>, <c>1h30m</c>, <c>00:45:00</c>.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary><c>budget.max_tokens</c>: input tokens processed (padding excluded).</summary>
    public long? MaxTokens { get; init; }

    /// <summary><c>budget.max_cost</c>: money, as elapsed hours × <c>budget.price_per_hour</c> (which it requires).</summary>
    public double? MaxCost { get; init; }

    /// <summary><c>budget.price_per_hour</c>: what an hour of this machine costs, in the currency of max_cost.</summary>
    public double? PricePerHour { get; init; }
}
