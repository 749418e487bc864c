using System.Globalization;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;

namespace Sharpen.Hosting.Jobs;

/// <summary>
/// A job's training config, built from its request with the same flat keys <c>sharpen train --set</c> takes. Paths are
/// the server's own (the job folder's copies of the files, the registry's model folder); nothing a client sent is a path.
/// Jobs save a checkpoint at every epoch end and keep the last three (as hosted APIs do), never stop early, and print
/// nothing to the console.
/// </summary>
internal static class JobTrainingConfig
{
    /// <summary>Checkpoints a job keeps (OpenAI keeps the last three epochs').</summary>
    public const int KeepCheckpoints = 3;

    public static TrainingConfig Build(FineTuningJob job, string modelDirectory, string trainPath, string? validationPath, string jobDirectory, int threads)
    {
        var method = job.Method;
        var overrides = new List<string>
        {
            "model.path=" + modelDirectory,
            "model.method=" + method.Method,
            "data.train=" + trainPath,
            "data.validation=" + (validationPath ?? ""),
            "data.format=chat",
            "training.epochs=" + Auto(job.Requested.Epochs),
            "training.batch_size=" + Auto(job.Requested.BatchSize),
            "training.learning_rate=" + Invariant(LearningRate(method, modelDirectory, job.Requested.LearningRateMultiplier ?? 1)),
            "training.seed=" + Invariant(job.Seed),
            "training.threads=" + Invariant(threads),
            "early_stopping.enabled=false",
            "checkpoint.every_steps=0",
            "checkpoint.every_epoch=true",
            "checkpoint.keep_last=" + Invariant(KeepCheckpoints),
            "output.runs_dir=" + jobDirectory,
            "output.run_id=run",
            "output.console=false",
        };
        Add(overrides, "lora.rank", method.LoraRank);
        Add(overrides, "lora.alpha", method.LoraAlpha);
        Add(overrides, "lora.dropout", method.LoraDropout);
        Add(overrides, "lora.target_modules", method.LoraTargetModules);
        Add(overrides, "lora.use_rslora", method.LoraUseRsLora);
        Add(overrides, "lora.train_embeddings", method.LoraTrainEmbeddings);
        return new TrainingConfigBuilder().ApplyOverrides(overrides).Build();
    }

    /// <summary>
    /// The multiplier times Sharpen's automatic rate for the method (full fine-tuning's depends on the model's size,
    /// which its config.json gives without loading weights).
    /// </summary>
    public static double LearningRate(JobMethodOptions method, string modelDirectory, double multiplier)
    {
        var kind = method.Method switch
        {
            JobMethodOptions.Full => FineTuningMethod.Full,
            JobMethodOptions.Qlora => FineTuningMethod.Qlora,
            _ => FineTuningMethod.Lora,
        };
        var parameters = LlamaConfig.Load(Path.Combine(modelDirectory, "config.json")).ParameterCount();
        return multiplier * AutoSettings.LearningRate(kind, parameters);
    }

    private static string Auto(int? value) => value is { } v ? Invariant(v) : "auto";

    private static void Add<T>(List<string> overrides, string key, T? value)
        where T : struct => AddText(overrides, key, value is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant() : null);

    private static void Add(List<string> overrides, string key, string? value) => AddText(overrides, key, value);

    private static void AddText(List<string> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides.Add(key + "=" + value);
        }
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
