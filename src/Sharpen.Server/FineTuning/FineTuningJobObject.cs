using Sharpen.Hosting.Jobs;

namespace Sharpen.Server.FineTuning;

/// <summary>
/// OpenAI's fine-tuning Job object. Hyperparameters show <c>"auto"</c> until training resolved them; <c>seed</c> is
/// always set (the .NET SDK reads it as a number); <c>estimated_finish</c> is null or in the future (the .NET SDK
/// sleeps until it). <c>sharpen</c> carries the method Sharpen trains with; SDKs ignore it.
/// </summary>
internal sealed record FineTuningJobObject(
    string Object,
    string Id,
    long CreatedAt,
    JobErrorObject? Error,
    string? FineTunedModel,
    long? FinishedAt,
    HyperparametersObject Hyperparameters,
    MethodObject Method,
    string Model,
    string OrganizationId,
    IReadOnlyList<string> ResultFiles,
    string Status,
    long? TrainedTokens,
    string TrainingFile,
    string? ValidationFile,
    IReadOnlyList<object>? Integrations,
    int Seed,
    long? EstimatedFinish,
    IReadOnlyDictionary<string, string>? Metadata,
    string? UserProvidedSuffix,
    SharpenMethodObject Sharpen)
{
    public static FineTuningJobObject From(FineTuningJob job, DateTimeOffset now)
    {
        var hyperparameters = HyperparametersObject.From(job.Resolved ?? job.Requested);
        return new FineTuningJobObject(
            "fine_tuning.job",
            job.Id,
            job.CreatedAt.ToUnixTimeSeconds(),
            job.Error is { } e ? new JobErrorObject(e.Code, e.Message, e.Param) : null,
            job.FineTunedModel,
            job.FinishedAt?.ToUnixTimeSeconds(),
            hyperparameters,
            new MethodObject("supervised", new SupervisedObject(hyperparameters)),
            job.Model,
            job.Project,
            job.ResultFiles,
            job.Status,
            job.TrainedTokens,
            job.TrainingFile,
            job.ValidationFile,
            null,
            job.Seed,
            job.EstimatedFinish is { } finish && finish > now ? finish.ToUnixTimeSeconds() : null,
            job.Metadata,
            job.Suffix,
            SharpenMethodObject.From(job.Method));
    }
}

/// <summary>A failed job's <c>error</c>.</summary>
internal sealed record JobErrorObject(string Code, string Message, string? Param);

/// <summary><c>n_epochs</c>, <c>batch_size</c>, <c>learning_rate_multiplier</c>: each <c>"auto"</c> or a number.</summary>
internal sealed record HyperparametersObject(object NEpochs, object BatchSize, object LearningRateMultiplier)
{
    private const string Auto = "auto";

    public static HyperparametersObject From(JobHyperparameters h) =>
        new((object?)h.Epochs ?? Auto, (object?)h.BatchSize ?? Auto, (object?)h.LearningRateMultiplier ?? Auto);
}

/// <summary><c>method</c>: <c>{type: "supervised", supervised: {hyperparameters}}</c>.</summary>
internal sealed record MethodObject(string Type, SupervisedObject Supervised);

internal sealed record SupervisedObject(HyperparametersObject Hyperparameters);

/// <summary>Sharpen's extension: the method (lora | qlora | full) and the LoRA knobs asked for (null = config default).</summary>
internal sealed record SharpenMethodObject(string Method, LoraObject? Lora)
{
    public static SharpenMethodObject From(JobMethodOptions m) => new(m.Method, m.Method == JobMethodOptions.Full
        ? null
        : new LoraObject(m.LoraRank, m.LoraAlpha, m.LoraDropout, m.LoraTargetModules, m.LoraUseRsLora, m.LoraTrainEmbeddings));
}

internal sealed record LoraObject(int? Rank, double? Alpha, double? Dropout, string? TargetModules, bool? UseRslora, bool? TrainEmbeddings);

/// <summary>A page of jobs.</summary>
internal sealed record FineTuningJobList(string Object, IReadOnlyList<FineTuningJobObject> Data, bool HasMore);
