namespace Sharpen.Hosting.Jobs;

/// <summary>
/// A fine-tuning job as stored: what OpenAI's Job object shows, plus the owning project, what was asked
/// (<see cref="Requested"/>, with nulls for "auto") and what training resolved it to (<see cref="Resolved"/>).
/// </summary>
public sealed record FineTuningJob
{
    public required string Id { get; init; }

    public required string Project { get; init; }

    /// <summary>The base model's id.</summary>
    public required string Model { get; init; }

    public required string TrainingFile { get; init; }

    public string? ValidationFile { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public required int Seed { get; init; }

    public string? Suffix { get; init; }

    public required JobHyperparameters Requested { get; init; }

    /// <summary>The hyperparameters training resolved (every value set), or null before it started.</summary>
    public JobHyperparameters? Resolved { get; init; }

    public required JobMethodOptions Method { get; init; }

    /// <summary>The <c>ft:{base}:{project}:{suffix}:{id}</c> name the model gets (fixed at creation).</summary>
    public required string ModelName { get; init; }

    /// <summary>The fine-tuned model's name once the job succeeded, else null.</summary>
    public string? FineTunedModel { get; init; }

    public JobError? Error { get; init; }

    public long? TrainedTokens { get; init; }

    /// <summary>When the running job expects to finish (always in the future when set; see <see cref="JobService"/>).</summary>
    public DateTimeOffset? EstimatedFinish { get; init; }

    public IReadOnlyList<string> ResultFiles { get; init; } = [];

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A cancel or pause asked of the running job and not yet carried out (<c>cancel</c> | <c>pause</c>).</summary>
    public string? Control { get; init; }
}
