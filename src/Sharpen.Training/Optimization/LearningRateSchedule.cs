using Sharpen.Training.Config;

namespace Sharpen.Training.Optimization;

/// <summary>
/// The learning rate as a pure function of the 1-based optimizer step, so the scheduler's whole state is the step
/// number. Warmup rises linearly to the peak over <c>warmupSteps</c> (step s uses peak · s / warmup, so the first step
/// already learns); afterwards the rate decays from the peak towards zero, reaching peak · (1 − progress) (linear) or
/// peak · ½(1 + cos π·progress) (cosine) with progress = (s − warmup − 1) / (total − warmup), which keeps the last step
/// slightly above zero.
/// </summary>
internal sealed class LearningRateSchedule
{
    public LearningRateSchedule(LearningRateSchedulerKind kind, double peak, long totalSteps, long warmupSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        Kind = kind;
        Peak = peak;
        TotalSteps = totalSteps;
        WarmupSteps = Math.Min(warmupSteps, totalSteps);
    }

    public LearningRateSchedulerKind Kind { get; }

    public double Peak { get; }

    public long TotalSteps { get; }

    public long WarmupSteps { get; }

    /// <summary>Warmup length from the config: explicit steps win over the ratio (rounded up).</summary>
    public static long WarmupFor(OptimizationOptions options, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.WarmupSteps ?? (long)Math.Ceiling(options.WarmupRatio * totalSteps);
    }

    public double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        if (step <= WarmupSteps)
        {
            return Peak * step / WarmupSteps;
        }

        var progress = Math.Clamp((double)(step - WarmupSteps - 1) / Math.Max(1, TotalSteps - WarmupSteps), 0, 1);
        return Kind switch
        {
            LearningRateSchedulerKind.Cosine => Peak * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            LearningRateSchedulerKind.Linear => Peak * (1 - progress),
            _ => Peak,
        };
    }
}
