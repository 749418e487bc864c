namespace Sharpen.Training.Estimation;

/// <summary>How <see cref="TrainingEstimator"/> probes.</summary>
public sealed record EstimatorOptions
{
    /// <summary>Real training steps the probe runs at least (the first half is warm-up; the rate comes from the second half).</summary>
    public int ProbeSteps { get; init; } = 20;

    /// <summary>
    /// Time the probe spends in training steps at least, however many that takes: on a busy machine a longer sample
    /// averages out the noise. The probe stops at the first step boundary with both minimums met.
    /// </summary>
    public TimeSpan ProbeStepping { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The probe stops after this long even with fewer steps (at least two are needed).</summary>
    public TimeSpan ProbeTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Price of an hour of this machine; overrides <c>budget.price_per_hour</c>.</summary>
    public double? PricePerHour { get; init; }
}
