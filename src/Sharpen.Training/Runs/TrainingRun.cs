using System.Globalization;
using Sharpen.Training.Config;
using Sharpen.Training.Recipes;

namespace Sharpen.Training.Runs;

/// <summary>
/// The public entry points behind <c>sharpen train CONFIG.yaml [--set k=v]</c> and <c>sharpen train --resume RUN_DIR</c>.
/// A run lives in <c>&lt;output.runs_dir&gt;/&lt;run-id&gt;/</c>: config.resolved.yaml, manifest.json, metrics.jsonl,
/// events.jsonl, status.json, checkpoints/step-&lt;n&gt;/ and best/.
/// </summary>
public static class TrainingRun
{
    /// <summary>Starts a new run; fails if its run folder already holds a run.</summary>
    public static TrainingResult Start(TrainingConfig config, TrainingRunOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new TrainingRunOptions();
        var runId = config.Output.RunId.Length > 0
            ? config.Output.RunId
            : options.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + config.Training.Seed.ToString(CultureInfo.InvariantCulture);
        var runDirectory = Path.Combine(config.Output.RunsDir, runId);
        if (Directory.Exists(runDirectory) && Directory.EnumerateFileSystemEntries(runDirectory).Any())
        {
            throw new IOException($"Run folder '{runDirectory}' already exists; resume it with --resume or choose another output.run_id.");
        }

        return FineTuneRecipe.Start(config with { Output = config.Output with { RunId = runId } }, runDirectory, options, cancellation);
    }

    /// <summary>Whether <paramref name="runDirectory"/> holds a run with a complete checkpoint, so <see cref="Resume"/> can continue it.</summary>
    public static bool CanResume(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        return File.Exists(Path.Combine(runDirectory, "config.resolved.yaml"))
            && new Checkpointing.CheckpointStore(runDirectory, keepLast: 1).Latest() is not null;
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its newest checkpoint, with its resolved config.</summary>
    public static TrainingResult Resume(string runDirectory, TrainingRunOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        return FineTuneRecipe.Resume(Path.GetFullPath(runDirectory), options ?? new TrainingRunOptions(), cancellation);
    }
}
