using System.Globalization;
using Sharpen.Training.Config;

namespace Sharpen.Bench.Training;

/// <summary>
/// Builds a run's config the way a user does: the repository's shipped <c>configs/&lt;method&gt;.yaml</c> (so LoRA rank,
/// targets and dropout are the shipped defaults) with <c>--set</c>-style overrides for the model, data, shape and step
/// budget. Validation, evaluation and periodic checkpoints are switched off: they are not what a step costs.
/// </summary>
internal static class ShippedConfig
{
    public static TrainingConfig Build(
        string method,
        string computeDType,
        string modelDirectory,
        string trainPath,
        string runsDirectory,
        int batchSize,
        int maxSeqLength,
        int epochs,
        int maxSteps,
        int threads)
    {
        var yaml = Path.Combine(RepositoryRoot(), "configs", method + ".yaml");
        string[] overrides =
        [
            $"model.path={modelDirectory}",
            $"model.method={method}",
            $"model.compute_dtype={computeDType}",
            $"data.train={trainPath}",
            "data.validation=",
            "data.format=tokenized",
            Invariant($"data.max_seq_length={maxSeqLength}"),
            Invariant($"training.batch_size={batchSize}"),
            Invariant($"training.epochs={epochs}"),
            "training.learning_rate=1e-4",
            "training.warmup_steps=0",
            Invariant($"training.threads={threads}"),
            Invariant($"budget.max_steps={maxSteps}"),
            "evaluation.every_steps=0",
            "early_stopping.enabled=false",
            "checkpoint.every_steps=0",
            "checkpoint.keep_last=1",
            $"output.runs_dir={runsDirectory}",
            "output.run_id=run",
            "output.console=false",
        ];
        return new TrainingConfigBuilder().AddYamlFile(yaml).ApplyOverrides(overrides).Build();
    }

    /// <summary>The folder holding <c>configs/</c> and <c>Sharpen.slnx</c>, found above the benchmark's binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sharpen.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "configs")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Sharpen.slnx with a configs/ folder above '{AppContext.BaseDirectory}'.");
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
