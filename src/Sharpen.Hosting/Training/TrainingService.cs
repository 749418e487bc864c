using Sharpen.Training.Config;
using Sharpen.Training.Estimation;
using Sharpen.Training.Export;
using Sharpen.Training.Runs;

namespace Sharpen.Hosting.Training;

/// <summary><c>sharpen train</c> and <c>sharpen export</c>: config layering (file, environment, --set) and the run API.</summary>
public static class TrainingService
{
    /// <summary>Starts a run from <paramref name="configFile"/> with <paramref name="overrides"/> (<c>key=value</c>, later wins).</summary>
    public static TrainingResult Start(string configFile, IEnumerable<string> overrides, TextWriter console, CancellationToken cancellation = default)
    {
        var config = LoadConfig(configFile, overrides);
        return TrainingRun.Start(config, new TrainingRunOptions { Console = console }, cancellation);
    }

    /// <summary><c>sharpen estimate</c>: the time, memory and cost the run <paramref name="configFile"/> describes would take here.</summary>
    public static TrainingEstimate Estimate(string configFile, IEnumerable<string> overrides, EstimatorOptions options, CancellationToken cancellation = default) =>
        TrainingEstimator.Estimate(LoadConfig(configFile, overrides), options, cancellation);

    /// <summary>The config file layered with the environment (<c>SHARPEN_*</c>) and <paramref name="overrides"/>, validated.</summary>
    private static TrainingConfig LoadConfig(string configFile, IEnumerable<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(configFile);
        if (!File.Exists(configFile))
        {
            throw new FileNotFoundException($"Training config '{configFile}' does not exist.", configFile);
        }

        return new TrainingConfigBuilder()
            .AddYamlFile(configFile)
            .AddProcessEnvironment()
            .ApplyOverrides(overrides)
            .Build();
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its newest checkpoint.</summary>
    public static TrainingResult Resume(string runDirectory, TextWriter console, CancellationToken cancellation = default) =>
        TrainingRun.Resume(runDirectory, new TrainingRunOptions { Console = console }, cancellation);

    /// <summary>Exports a run as a merged model folder or a PEFT adapter; returns the folder written.</summary>
    public static string Export(string runDirectory, string format, string? output, bool overwrite) =>
        RunExporter.Export(runDirectory, format switch
        {
            "merged" => ExportFormat.Merged,
            "adapter" => ExportFormat.Adapter,
            _ => throw new ArgumentException($"Unknown export format '{format}'; use merged or adapter."),
        }, output, overwrite);
}
