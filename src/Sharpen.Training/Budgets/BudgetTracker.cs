using Sharpen.Training.Config;

namespace Sharpen.Training.Budgets;

/// <summary>
/// Checks the run's budgets after each optimizer step. A budget is reached when the spent amount is at or over the
/// limit; the run then stops at that step boundary (a step is never cut in half). Cost is elapsed hours × price.
/// </summary>
internal sealed class BudgetTracker(BudgetOptions options)
{
    public StopReason? Check(long steps, long tokens, TimeSpan elapsed)
    {
        if (options.MaxSteps is { } maxSteps && steps >= maxSteps)
        {
            return StopReason.MaxSteps;
        }

        if (options.MaxTokens is { } maxTokens && tokens >= maxTokens)
        {
            return StopReason.MaxTokens;
        }

        if (options.MaxTime is { } maxTime && elapsed >= maxTime)
        {
            return StopReason.MaxTime;
        }

        if (options.MaxCost is { } maxCost && options.PricePerHour is { } price && Cost(elapsed, price) >= maxCost)
        {
            return StopReason.MaxCost;
        }

        return null;
    }

    public static double Cost(TimeSpan elapsed, double pricePerHour) => elapsed.TotalHours * pricePerHour;
}
