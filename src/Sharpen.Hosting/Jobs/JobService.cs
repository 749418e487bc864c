using System.Security.Cryptography;
using Sharpen.Hosting.Files;
using Sharpen.Hosting.Models;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting.Jobs;

/// <summary>
/// Fine-tuning jobs as a client sees them: create (checked here, so a bad request is refused before a job exists),
/// list, retrieve, cancel, pause and resume. The <see cref="JobRunner"/> does the work; cancel and pause of a running
/// job ask it to stop at the next step boundary and wait briefly for that, so the answer usually shows the new state.
/// </summary>
public sealed class JobService
{
    /// <summary>The fewest training examples a job accepts (OpenAI's minimum).</summary>
    public const int MinExamples = 10;

    /// <summary>Most metadata pairs, and their key and value lengths (OpenAI's limits).</summary>
    public const int MaxMetadataPairs = 16;

    private const int MaxMetadataKey = 64;
    private const int MaxMetadataValue = 512;
    private const int MaxSuffix = 64;

    private readonly FileStore _files;
    private readonly ModelRegistry _models;

    internal JobService(JobStore store, FileStore files, ModelRegistry models, JobRunner runner)
    {
        Store = store;
        _files = files;
        _models = models;
        Runner = runner;
    }

    public JobStore Store { get; }

    public JobRunner Runner { get; }

    /// <summary>How long cancel and pause wait for a running job to reach its step boundary before answering.</summary>
    public TimeSpan StopWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks <paramref name="request"/> and creates the job in <c>validating_files</c> for <paramref name="project"/>.</summary>
    /// <exception cref="InvalidJobRequestException">A field is missing, unknown or out of range.</exception>
    public FineTuningJob Create(string project, JobRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(request);
        var model = _models.Find(request.Model);
        if (model is null || model.Project is not null)
        {
            throw new InvalidJobRequestException(
                $"Model {request.Model} is not available for fine-tuning or does not exist; use a base model from GET /v1/models.", "model", "model_not_available");
        }

        CheckFile(project, request.TrainingFile, "training_file");
        if (request.ValidationFile is not null)
        {
            CheckFile(project, request.ValidationFile, "validation_file");
        }

        CheckHyperparameters(request.Hyperparameters);
        CheckMethod(request.Method);
        if (request.Suffix is { } suffix && (suffix.Length is 0 or > MaxSuffix || !suffix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new InvalidJobRequestException($"Invalid 'suffix': use 1 to {MaxSuffix} letters, digits, '-', '_' or '.'.", "suffix", "invalid_value");
        }

        if (request.Seed is < 0)
        {
            throw new InvalidJobRequestException($"Invalid 'seed': {request.Seed} is negative.", "seed", "invalid_value");
        }

        CheckMetadata(request.Metadata);
        var id = ResourceIds.New("ftjob-");
        var job = new FineTuningJob
        {
            Id = id,
            Project = project,
            Model = request.Model,
            TrainingFile = request.TrainingFile,
            ValidationFile = request.ValidationFile,
            Status = JobStatus.ValidatingFiles,
            CreatedAt = Store.Now(),
            Seed = request.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue),
            Suffix = request.Suffix,
            Requested = request.Hyperparameters,
            Method = request.Method,
            ModelName = $"{ModelRegistry.FineTunedPrefix}{request.Model}:{project}:{request.Suffix}:{ResourceIds.New("", 8)}",
            Metadata = request.Metadata is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata) : null,
        };
        Store.Insert(job);
        Store.AddEvent(job, "info", $"Created fine-tuning job: {id}");
        Store.AddEvent(job, "info", $"Validating training file: {request.TrainingFile}" + (request.ValidationFile is { } v ? $" and validation file: {v}" : ""));
        Runner.Wake();
        return job;
    }

    /// <summary>The job <paramref name="id"/> of <paramref name="project"/>, or null.</summary>
    public FineTuningJob? Get(string project, string id) => Store.Get(project, id);

    /// <summary>Cancels the job; a running one stops at its next step boundary. Null when there is no such job.</summary>
    /// <exception cref="JobStateException">The job has already finished.</exception>
    public async Task<FineTuningJob?> CancelAsync(string project, string id, CancellationToken cancellationToken = default)
    {
        if (Store.Get(project, id) is not { } job)
        {
            return null;
        }

        // Not yet training: cancelled at once. Training: the runner stops it at the next step boundary.
        if (!Store.Transition(job, [JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Paused], JobStatus.Cancelled, JobRunner.CancelledMessage, finished: true))
        {
            if (!Store.RequestControl(id, JobRunner.Cancel))
            {
                throw Conflict(Store.Get(id)!, "cancel");
            }

            Runner.Signal(id);
            await Runner.WaitForStopAsync(id, StopWait, cancellationToken).ConfigureAwait(false);
        }

        return Store.Get(id);
    }

    /// <summary>Pauses a running job after a checkpoint at its next step boundary. Null when there is no such job.</summary>
    /// <exception cref="JobStateException">The job is not running.</exception>
    public async Task<FineTuningJob?> PauseAsync(string project, string id, CancellationToken cancellationToken = default)
    {
        if (Store.Get(project, id) is not { } job)
        {
            return null;
        }

        if (!Store.RequestControl(id, JobRunner.Pause))
        {
            throw Conflict(Store.Get(id) ?? job, "pause");
        }

        Runner.Signal(id);
        await Runner.WaitForStopAsync(id, StopWait, cancellationToken).ConfigureAwait(false);
        return Store.Get(id);
    }

    /// <summary>Queues a paused job again; it continues from its last checkpoint. Null when there is no such job.</summary>
    /// <exception cref="JobStateException">The job is not paused.</exception>
    public FineTuningJob? Resume(string project, string id)
    {
        if (Store.Get(project, id) is not { } job)
        {
            return null;
        }

        if (!Store.Transition(job, [JobStatus.Paused], JobStatus.Queued, "Fine-tuning job resumed, moving job to queued state"))
        {
            throw Conflict(Store.Get(id) ?? job, "resume");
        }

        Runner.Wake();
        return Store.Get(id);
    }

    private static JobStateException Conflict(FineTuningJob job, string action) =>
        new($"Cannot {action} job {job.Id}: it is {job.Status}" + action switch
        {
            "pause" => "; only a running job can be paused.",
            "resume" => "; only a paused job can be resumed.",
            _ => "; it has already finished.",
        });

    private void CheckFile(string project, string id, string param)
    {
        var file = _files.Get(project, id)
            ?? throw new InvalidJobRequestException($"Invalid {param}: no such File object: {id}.", param, "invalid_file");
        if (file.Purpose != FilePurposes.FineTune)
        {
            throw new InvalidJobRequestException(
                $"Invalid {param}: {id} was uploaded with purpose '{file.Purpose}'; fine-tuning needs purpose '{FilePurposes.FineTune}'.", param, "invalid_file");
        }
    }

    private static void CheckHyperparameters(JobHyperparameters h)
    {
        const string prefix = "hyperparameters.";
        if (h.Epochs is < 1 or > JobHyperparameters.MaxEpochs)
        {
            throw new InvalidJobRequestException($"Invalid 'n_epochs': {h.Epochs}; use 'auto' or an integer from 1 to {JobHyperparameters.MaxEpochs}.", prefix + "n_epochs", "invalid_value");
        }

        if (h.BatchSize is < 1 or > JobHyperparameters.MaxBatchSize)
        {
            throw new InvalidJobRequestException($"Invalid 'batch_size': {h.BatchSize}; use 'auto' or an integer from 1 to {JobHyperparameters.MaxBatchSize}.", prefix + "batch_size", "invalid_value");
        }

        if (h.LearningRateMultiplier is { } m && (!double.IsFinite(m) || m <= 0 || m > JobHyperparameters.MaxLearningRateMultiplier))
        {
            throw new InvalidJobRequestException(
                $"Invalid 'learning_rate_multiplier': {m}; use 'auto' or a number above 0 and at most {JobHyperparameters.MaxLearningRateMultiplier}.", prefix + "learning_rate_multiplier", "invalid_value");
        }
    }

    private static void CheckMethod(JobMethodOptions m)
    {
        if (m.Method is not (JobMethodOptions.Lora or JobMethodOptions.Qlora or JobMethodOptions.Full))
        {
            throw new InvalidJobRequestException($"Invalid 'sharpen.method': '{m.Method}'; use lora, qlora or full.", "sharpen.method", "invalid_value");
        }

        if (m.Method == JobMethodOptions.Full && m.HasLoraKnobs)
        {
            throw new InvalidJobRequestException("'sharpen.lora' applies to lora and qlora only; full fine-tuning has no adapters.", "sharpen.lora", "invalid_value");
        }

        if (m.LoraRank is < 1 or > 1024)
        {
            throw new InvalidJobRequestException($"Invalid 'sharpen.lora.rank': {m.LoraRank}; use 1 to 1024.", "sharpen.lora.rank", "invalid_value");
        }

        if (m.LoraAlpha is { } alpha && (!double.IsFinite(alpha) || alpha <= 0))
        {
            throw new InvalidJobRequestException($"Invalid 'sharpen.lora.alpha': {alpha}; it must be above 0.", "sharpen.lora.alpha", "invalid_value");
        }

        if (m.LoraDropout is { } dropout && (!double.IsFinite(dropout) || dropout < 0 || dropout >= 1))
        {
            throw new InvalidJobRequestException($"Invalid 'sharpen.lora.dropout': {dropout}; use a number in [0, 1).", "sharpen.lora.dropout", "invalid_value");
        }

        if (m.LoraTargetModules is { } targets && string.IsNullOrWhiteSpace(targets))
        {
            throw new InvalidJobRequestException("Invalid 'sharpen.lora.target_modules': empty; name projections (q_proj,v_proj) or all-linear.", "sharpen.lora.target_modules", "invalid_value");
        }
    }

    private static void CheckMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count > MaxMetadataPairs)
        {
            throw new InvalidJobRequestException($"Invalid 'metadata': {metadata.Count} pairs; at most {MaxMetadataPairs}.", "metadata", "invalid_value");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKey || value.Length > MaxMetadataValue)
            {
                throw new InvalidJobRequestException(
                    $"Invalid 'metadata': keys need 1 to {MaxMetadataKey} characters and values at most {MaxMetadataValue}.", "metadata." + key, "invalid_value");
            }
        }
    }
}
