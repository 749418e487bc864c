using System.Globalization;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Runs;

namespace Sharpen.Bench.Training;

/// <summary>
/// The soak run: thousands of steps of the real recipe on stories260K, printing the mean step time, RSS and live tensor
/// wrappers every 100 steps, then the least-squares slope of step time and RSS against the step. A step time or RSS that
/// grows is a leak (TorchSharp tensors are native memory the GC does not see) or an ever-growing structure.
/// </summary>
/// <remarks>
/// Data: 400 synthetic examples of random ids (128 tokens each by default), batch 4, so each epoch is exactly 100 steps and every 100-step window
/// holds the same batches in a different order — windows are comparable. The slope skips the first window (allocator
/// and kernel warm-up).
/// </remarks>
internal sealed class SoakRun(string modelDirectory, int steps, int threads, int minLength, int maxLength)
{
    private const int Window = 100;
    private const int Examples = 400;
    private const int Batch = 4;

    public void Run(IEnumerable<(string Method, string DType)> configurations)
    {
        var config = LlamaConfig.Load(Path.Combine(modelDirectory, "config.json"));
        Console.WriteLine($"soak: {steps} steps per configuration on {modelDirectory} ({config.ParameterCount():N0} parameters), batch {Batch}, {Examples} examples of {minLength}–{maxLength} tokens, {threads} threads");
        foreach (var (method, dtype) in configurations)
        {
            var work = Path.Combine(Path.GetTempPath(), $"sharpen-soak-{Environment.ProcessId}-{method}-{dtype}");
            try
            {
                Directory.CreateDirectory(work);
                RunOne(config, method, dtype, work);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private void RunOne(LlamaConfig config, string method, string dtype, string work)
    {
        var train = Path.Combine(work, "train.jsonl");
        SyntheticWorkload.WriteData(train, Examples, minLength, maxLength, config.VocabSize, seed: 2);
        var epochs = (steps + (Examples / Batch) - 1) / (Examples / Batch);
        var trainingConfig = ShippedConfig.Build(method, dtype, modelDirectory, train, Path.Combine(work, "runs"), Batch, maxLength, epochs, steps, threads);
        Console.WriteLine();
        Console.WriteLine($"{method} {dtype}");
        Console.WriteLine($"{"step",6} {"ms/step",9} {"RSS MB",8} {"tensors",8} {"loss",7}");
        var windows = new List<(long Step, double MillisecondsPerStep, double ResidentMegabytes)>();
        StepSample? windowStart = null;
        using var recorder = new StepRecorder(sample =>
        {
            if (sample.Step == 1)
            {
                windowStart = sample;
                return;
            }

            if (sample.Step % Window == 0 && windowStart is not null)
            {
                var ms = StepRecorder.Seconds(windowStart, sample) * 1000 / (sample.Step - windowStart.Step);
                var rss = sample.ResidentBytes / 1048576.0;
                windows.Add((sample.Step, ms, rss));
                Console.WriteLine(Invariant($"{sample.Step,6} {ms,9:F2} {rss,8:F1} {sample.LiveTensors,8} {sample.Loss,7:F3}"));
                windowStart = sample;
            }
        });
        var result = TrainingRun.Start(trainingConfig, new TrainingRunOptions { Sinks = [recorder] });

        var fitted = windows.Skip(1).ToList();
        if (fitted.Count < 2)
        {
            Console.WriteLine($"{result.Steps} steps: too few windows for a slope.");
            return;
        }

        var x = fitted.Select(w => (double)w.Step).ToList();
        var timeSlope = LinearFit.Slope(x, [.. fitted.Select(w => w.MillisecondsPerStep)]) * 1000;
        var rssSlope = LinearFit.Slope(x, [.. fitted.Select(w => w.ResidentMegabytes)]) * 1000;
        var meanTime = fitted.Average(w => w.MillisecondsPerStep);
        var meanRss = fitted.Average(w => w.ResidentMegabytes);
        Console.WriteLine(Invariant($"slope over steps {fitted[0].Step}–{fitted[^1].Step}: step time {timeSlope:+0.000;-0.000} ms per 1000 steps ({Percent(timeSlope / meanTime)} of the mean {meanTime:F2} ms), RSS {rssSlope:+0.00;-0.00} MB per 1000 steps ({Percent(rssSlope / meanRss)} of the mean {meanRss:F1} MB)"));
    }

    private static string Percent(double fraction) => (fraction >= 0 ? "+" : "-") + Math.Abs(fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
