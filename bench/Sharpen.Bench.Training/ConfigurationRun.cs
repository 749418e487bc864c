using Sharpen.Core.Diagnostics;
using System.Text.Json;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Training.Runs;

namespace Sharpen.Bench.Training;

/// <summary>
/// One configuration, run in a child process of its own so its peak RSS is its own: writes synthetic data, trains through
/// <see cref="TrainingRun.Start"/> for warm-up + timed steps, and prints one <c>RESULT {json}</c> line. The peak RSS is
/// sampled at the last timed step (before the run's final checkpoint write); the peak at exit is reported as well.
/// </summary>
internal sealed class ConfigurationRun(string method, string dtype, string modelDirectory, string workDirectory, int warmup, int steps, int batch, int sequence, int threads)
{
    public const string ResultPrefix = "RESULT ";

    public ConfigurationResult Run()
    {
        Directory.CreateDirectory(workDirectory);
        var train = Path.Combine(workDirectory, "train.jsonl");
        var config = Sharpen.Modeling.Llama.LlamaConfig.Load(Path.Combine(modelDirectory, "config.json"));
        SyntheticWorkload.WriteData(train, batch * (warmup + steps), sequence, sequence, config.VocabSize, seed: 1);
        var trainingConfig = ShippedConfig.Build(method, dtype, modelDirectory, train, Path.Combine(workDirectory, "runs"), batch, sequence, epochs: 1, maxSteps: warmup + steps, threads);
        using var recorder = new StepRecorder();
        var result = TrainingRun.Start(trainingConfig, new TrainingRunOptions { Sinks = [recorder] });

        var samples = recorder.Samples;
        if (samples.Count != warmup + steps)
        {
            throw new InvalidOperationException($"Expected {warmup + steps} steps, the run reported {samples.Count} ({result.StopReason}).");
        }

        var timed = samples.Skip(warmup).ToList();
        var seconds = StepRecorder.Seconds(samples[warmup - 1], samples[^1]);
        long trainable;
        using (var checkpoint = SafetensorsCheckpoint.Load(result.ModelDirectory))
        {
            trainable = checkpoint.Names.Sum(n => checkpoint.GetInfo(n).Shape.Aggregate(1L, (a, b) => a * b));
        }

        return new ConfigurationResult(
            method,
            dtype,
            steps,
            timed.Sum(s => s.Tokens) / seconds,
            seconds / steps,
            StepRecorder.ProcessorSeconds(samples[warmup - 1], samples[^1]) / steps,
            samples[^1].PeakResidentBytes,
            ProcessMemory.PeakResidentBytes(),
            trainable,
            samples[^1].Loss);
    }

    public static string Serialize(ConfigurationResult result) => ResultPrefix + JsonSerializer.Serialize(result);

    public static ConfigurationResult? Parse(string line) =>
        line.StartsWith(ResultPrefix, StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<ConfigurationResult>(line[ResultPrefix.Length..])
            : null;
}
