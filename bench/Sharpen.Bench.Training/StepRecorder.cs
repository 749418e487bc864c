using System.Diagnostics;
using Sharpen.Core.Diagnostics;
using Sharpen.Core.Training;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// One step as the benchmark sees it: when it ended, the CPU time the process had used by then (all threads), what it held
/// in memory and how many tensor wrappers were alive (TorchSharp's Tensor.TotalCount).
/// </summary>
internal sealed record StepSample(long Step, long Timestamp, TimeSpan ProcessorTime, long Tokens, long ResidentBytes, long PeakResidentBytes, long LiveTensors, double Loss);

/// <summary>
/// A sink that timestamps every step as the recipe reports it (so a step's time includes everything the loop does
/// between two steps) and samples memory; it only observes. Memory is read from /proc, which costs ~20 µs.
/// </summary>
internal sealed class StepRecorder(Action<StepSample>? onStep = null) : IMetricSink
{
    private readonly Process _process = Process.GetCurrentProcess();

    public List<StepSample> Samples { get; } = [];

    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    public void OnStep(StepMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _process.Refresh();
        var sample = new StepSample(
            metrics.Step,
            Stopwatch.GetTimestamp(),
            _process.TotalProcessorTime,
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

    public void Dispose() => _process.Dispose();

    /// <summary>Seconds between the ends of two steps.</summary>
    public static double Seconds(StepSample from, StepSample to) => Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;

    /// <summary>CPU seconds the process used between the ends of two steps.</summary>
    public static double ProcessorSeconds(StepSample from, StepSample to) => (to.ProcessorTime - from.ProcessorTime).TotalSeconds;
}
