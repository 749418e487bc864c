using System.Diagnostics;
using Sharpen.Core.Diagnostics;
using Sharpen.Core.Training;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>One step as the benchmark sees it: when it ended, what it held in memory and how many tensor wrappers were alive (TorchSharp's Tensor.TotalCount).</summary>
internal sealed record StepSample(long Step, long Timestamp, long Tokens, long ResidentBytes, long PeakResidentBytes, long LiveTensors, double Loss);

/// <summary>
/// A sink that timestamps every step as the recipe reports it (so a step's time includes everything the loop does
/// between two steps) and samples memory; it only observes. Memory is read from /proc, which costs ~20 µs.
/// </summary>
internal sealed class StepRecorder(Action<StepSample>? onStep = null) : IMetricSink
{
    public List<StepSample> Samples { get; } = [];

    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    public void OnStep(StepMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var sample = new StepSample(
            metrics.Step,
            Stopwatch.GetTimestamp(),
            metrics.Tokens,
            ProcessMemory.ResidentBytes(),
            ProcessMemory.PeakResidentBytes(),
            Tensor.TotalCount,
            metrics.Loss);
        Samples.Add(sample);
        onStep?.Invoke(sample);
    }

    public void OnEvaluation(EvaluationMetrics metrics)
    {
    }

    public void OnEvent(TrainingEvent trainingEvent)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>Seconds between the ends of two steps.</summary>
    public static double Seconds(StepSample from, StepSample to) => Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
}
