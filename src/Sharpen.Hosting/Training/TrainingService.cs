using Sharpen.Training.Config;
using Sharpen.Training.Export;
using Sharpen.Training.Runs;

namespace Sharpen.Hosting.Training;

/// <summary><c>sharpen train</c> and <c>sharpen export</c>: config layering (file, environment, --set) and the run API.</summary>
public static class TrainingService
{
    /// <summary>Starts a run from <paramref name="configFile"/> with <paramref name="overrides"/> (<c>key=value</c>, later wins).</summary>
    public static TrainingResult Start(string configFile, IEnumerable<string> overrides, TextWriter console, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configFile);
        if (!File.Exists(configFile))
        {
            throw new FileNotFoundException($"Training config '{configFile}' does not exist.", configFile);
        }

        var config = new TrainingConfigBuilder()
            .AddYamlFile(configFile)
            .AddProcessEnvironment()
            .ApplyOverrides(overrides)
            .Build();
        return TrainingRun.Start(config, new TrainingRunOptions { Console = console }, cancellation);
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
