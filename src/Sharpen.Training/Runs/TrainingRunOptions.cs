using Sharpen.Core.Training;

namespace Sharpen.Training.Runs;

/// <summary>What the host injects into a run: the clock, extra sinks (a dashboard), and the console writer.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>The clock for timestamps, throughput, ETA and time/cost budgets (tests pass a manual one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Sinks besides the run folder's own; the caller owns and disposes them.</summary>
    public IReadOnlyList<IMetricSink> Sinks { get; init; } = [];

    /// <summary>Where progress lines go when <c>output.console</c> is on (default standard output).</summary>
    public TextWriter? Console { get; init; }
}
