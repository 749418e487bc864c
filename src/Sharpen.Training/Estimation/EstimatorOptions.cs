namespace Sharpen.Training.Estimation;

/// <summary>How <see cref="TrainingEstimator"/> probes.</summary>
public sealed record EstimatorOptions
{
    /// <summary>Real training steps the probe runs (the first half is warm-up; the rate comes from the second half).</summary>
    public int ProbeSteps { get; init; } = 20;

    /// <summary>The probe stops after this long even with fewer steps (at least two are needed).</summary>
    public TimeSpan ProbeTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Price of an hour of this machine; overrides <c>budget.price_per_hour</c>.</summary>
    public double? PricePerHour { get; init; }
}
