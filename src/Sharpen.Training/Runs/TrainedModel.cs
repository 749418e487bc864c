using System.Text.Json;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Checkpointing;
using Sharpen.Training.Config;
using Sharpen.Training.Methods;
using static TorchSharp.torch;

namespace Sharpen.Training.Runs;

/// <summary>
/// The model a run produced: its base (<c>model.path</c> of <c>config.resolved.yaml</c>) built the way the run built it
/// (plain, LoRA or QLoRA), with the trained weights the run handed on (<c>status.json</c>'s model directory — the best
/// checkpoint after early stopping, else the last one) loaded on top.
/// </summary>
public static class TrainedModel
{
    private const string ConfigFile = "config.resolved.yaml";

    /// <summary>
    /// Loads the run in <paramref name="directory"/> — or, when it is one of a run's <c>checkpoints/step-N</c> folders,
    /// that run with the checkpoint's weights; <paramref name="dtype"/> is the frozen base's dtype for adapter runs.
    /// </summary>
    public static (LlamaForCausalLM Model, TrainingConfig Config, string WeightsFrom) Load(string directory, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory = Path.GetFullPath(directory);
        var runDirectory = RunDirectoryOf(directory)
            ?? throw new FileNotFoundException($"'{directory}' is not a run folder: it has no {ConfigFile}.", Path.Combine(directory, ConfigFile));
        var configPath = Path.Combine(runDirectory, ConfigFile);
        var config = new TrainingConfigBuilder().AddYamlFile(configPath).Build();
        var weights = runDirectory == directory ? WeightsDirectory(runDirectory) : directory;
        var method = FineTuningMethods.Create(config);
        var weightDType = config.Model.Method == FineTuningMethod.Full ? ScalarType.Float32 : dtype;
        var model = LlamaForCausalLM.FromPretrained(config.Model.Path, weightDType, method.Linear, method.AllowMissing);
        try
        {
            method.AfterLoad(model);
            var trainable = method.SelectTrainable(model);
            CheckpointStore.LoadWeights(weights, trainable);
            foreach (var (_, parameter) in trainable)
            {
                parameter.requires_grad = false;
            }

            model.eval();
            return (model, config, weights);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The run folder <paramref name="directory"/> belongs to: itself when it holds a <c>config.resolved.yaml</c>, its run
    /// when it is a complete checkpoint (<c>&lt;run&gt;/checkpoints/step-N</c>), otherwise null.
    /// </summary>
    public static string? RunDirectoryOf(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(Path.Combine(full, ConfigFile)))
        {
            return full;
        }

        var parent = Path.GetDirectoryName(full);
        var run = parent is null ? null : Path.GetDirectoryName(parent);
        return run is not null && Path.GetFileName(parent) == "checkpoints" && Path.GetFileName(full).StartsWith("step-", StringComparison.Ordinal)
            && File.Exists(Path.Combine(full, CheckpointStore.StateFile)) && File.Exists(Path.Combine(run, ConfigFile))
            ? run
            : null;
    }

    /// <summary>The LoRA options a run trained with (for PEFT export).</summary>
    public static Sharpen.Modeling.Adapters.LoraOptions LoraOptionsOf(TrainingConfig config) => FineTuningMethods.LoraOptionsOf(config);

    private static string WeightsDirectory(string runDirectory)
    {
        var status = Path.Combine(runDirectory, "status.json");
        if (File.Exists(status))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(status));
            if (json.RootElement.TryGetProperty("model_directory", out var dir) && dir.GetString() is { } d && Directory.Exists(d))
            {
                return d;
            }
        }

        // A run that was killed has no status yet: its newest complete checkpoint is what it has.
        var latest = new CheckpointStore(runDirectory, keepLast: 1).Latest();
        return latest ?? throw new InvalidOperationException($"'{runDirectory}' has no finished status and no checkpoint to load.");
    }
}
