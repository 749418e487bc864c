using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Sharpen.Core.IO;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Evaluation;
using Sharpen.Hosting.Files;
using Sharpen.Hosting.Models;
using Sharpen.Training.Config;
using Sharpen.Training.Runs;

namespace Sharpen.Hosting.Jobs;

/// <summary>
/// The background loop that executes fine-tuning jobs: it validates the files of new jobs (<c>validating_files →
/// queued</c>, or <c>failed</c> with a reason code), then runs queued jobs — at most <see cref="MaxConcurrentJobs"/> at
/// a time, oldest first — as training runs in <c>&lt;data&gt;/jobs/&lt;job-id&gt;/run/</c>, each on its own thread.
/// Cancel and pause reach a run through its cancellation token, so it stops at a step boundary after a checkpoint.
/// <see cref="StopAsync"/> (server shutdown) stops runs the same way but leaves them <c>running</c>: the next runner on
/// the data folder finds them and resumes each from its last checkpoint.
/// </summary>
public sealed class JobRunner : IAsyncDisposable
{
    internal const string Cancel = "cancel";
    internal const string Pause = "pause";
    internal const string CancelledMessage = "Fine-tuning job cancelled";

    private const string TrainingCopy = "training.jsonl";
    private const string ValidationCopy = "validation.jsonl";

    private readonly JobStore _store;
    private readonly FileStore _files;
    private readonly ModelRegistry _models;
    private readonly TimeProvider _time;
    private readonly int _threads;
    private readonly int _evaluationLimit;
    private readonly ConcurrentDictionary<string, ActiveJob> _active = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    internal JobRunner(JobStore store, FileStore files, ModelRegistry models, int maxConcurrentJobs, int threads, int evaluationLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentJobs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(evaluationLimit);
        _threads = threads;
        _evaluationLimit = evaluationLimit;
        _store = store;
        _files = files;
        _models = models;
        _time = time;
        MaxConcurrentJobs = maxConcurrentJobs;
    }

    /// <summary>Jobs trained at the same time.</summary>
    public int MaxConcurrentJobs { get; }

    /// <summary>Raised (on the runner's threads) when something failed outside any one job, so a host can log it.</summary>
    public event Action<Exception>? Faulted;

    /// <summary>Starts the loop; jobs left <c>running</c> by a previous runner resume first.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The job runner is already started.");
        }

        _stopping = new CancellationTokenSource();
        var orphans = new Queue<string>(_store.WithStatus(JobStatus.Running).Select(j => j.Id));
        _loop = Task.Run(() => LoopAsync(orphans, _stopping.Token));
    }

    /// <summary>Stops training at the next step boundary (jobs stay <c>running</c>, to resume on the next start) and waits.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_active.Values.Select(a => a.Finished.Task)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
        _wake.Dispose();
    }

    /// <summary>Looks for work now rather than at the next poll.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>Passes a cancel or pause (already recorded on the job) to its run.</summary>
    internal void Signal(string jobId)
    {
        if (_active.TryGetValue(jobId, out var active))
        {
            active.Stop.Cancel();
        }
    }

    /// <summary>Waits until the job's run has stopped, or <paramref name="timeout"/>.</summary>
    internal async Task WaitForStopAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(jobId, out var active))
        {
            await Task.WhenAny(active.Finished.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(Queue<string> orphans, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                foreach (var job in _store.WithStatus(JobStatus.ValidatingFiles))
                {
                    ValidateFiles(job);
                }

                while (_active.Count < MaxConcurrentJobs && !stopping.IsCancellationRequested && Next(orphans) is { } next)
                {
                    Launch(next, stopping);
                }
            }
#pragma warning disable CA1031 // The loop must outlive any one failure; the host logs it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Faulted?.Invoke(ex);
            }

            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The next job to train: one a previous runner left running, else the oldest queued one (claimed).</summary>
    private FineTuningJob? Next(Queue<string> orphans)
    {
        while (orphans.TryDequeue(out var id))
        {
            if (_store.Get(id) is { Status: JobStatus.Running } orphan)
            {
                _store.AddEvent(orphan, "info", "The server restarted; resuming the job from its last checkpoint");
                return orphan;
            }
        }

        foreach (var queued in _store.WithStatus(JobStatus.Queued))
        {
            if (_store.Transition(queued, [JobStatus.Queued], JobStatus.Running, "Fine-tuning job started"))
            {
                return queued;
            }
        }

        return null;
    }

    private void Launch(FineTuningJob job, CancellationToken stopping)
    {
        var active = new ActiveJob(CancellationTokenSource.CreateLinkedTokenSource(stopping));
        _active[job.Id] = active;
        _ = Task.Factory.StartNew(() =>
        {
            try
            {
                Train(job, active.Stop.Token);
            }
            finally
            {
                _active.TryRemove(job.Id, out _);
                active.Stop.Dispose();
                active.Finished.TrySetResult();
                Wake();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Train(FineTuningJob job, CancellationToken token)
    {
        var jobDirectory = _store.JobDirectory(job.Id);
        var runDirectory = _store.RunDirectory(job.Id);
        try
        {
            // A cancel or pause recorded before this run registered (or while no runner was up) takes effect now.
            if (_store.Get(job.Id)?.Control is not null)
            {
                Stopped(job);
                return;
            }

            TrainingResult result;
            using (var sink = new JobMetricsSink(_store, job, _time))
            {
                var options = new TrainingRunOptions { Time = _time, Sinks = [sink], Console = TextWriter.Null };
                if (TrainingRun.CanResume(runDirectory))
                {
                    result = TrainingRun.Resume(runDirectory, options, token);
                }
                else
                {
                    // Killed before its first checkpoint: start over, without the steps it logged.
                    if (Directory.Exists(runDirectory))
                    {
                        Directory.Delete(runDirectory, recursive: true);
                        _store.DeleteMetricsAfter(job.Id, 0);
                    }

                    var model = _models.Find(job.Model) ?? throw new InvalidOperationException($"The base model {job.Model} is no longer registered.");
                    var config = JobTrainingConfig.Build(job, model.Directory, Path.Combine(jobDirectory, TrainingCopy),
                        job.ValidationFile is null ? null : Path.Combine(jobDirectory, ValidationCopy), jobDirectory, _threads);
                    result = TrainingRun.Start(config, options, token);
                }
            }

            if (result.Status == RunStatus.Cancelled)
            {
                Stopped(job);
                return;
            }

            Succeed(job, Evaluate(job, runDirectory, jobDirectory, token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped while evaluating the finished model: cancelled, paused (resuming evaluates again), or shut down.
            Stopped(job);
        }
#pragma warning disable CA1031 // Whatever training throws becomes the job's error, with a reason code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var (code, param) = ex switch
            {
                InsufficientMemoryException or OutOfMemoryException => (JobErrorCodes.OutOfMemory, (string?)null),
                InvalidDataException => (JobErrorCodes.InvalidTrainingFile, "training_file"),
                _ => (JobErrorCodes.TrainingFailed, null),
            };
            Fail(job, new JobError(code, Describe(ex.Message, job), param));
        }
    }

    /// <summary>The run stopped on its token: a cancel, a pause, or the runner shutting down (the job stays running).</summary>
    private void Stopped(FineTuningJob job)
    {
        switch (_store.Get(job.Id)?.Control)
        {
            case Cancel:
                _store.Transition(job, [JobStatus.Running], JobStatus.Cancelled, CancelledMessage, finished: true);
                break;
            case Pause:
                _store.Transition(job, [JobStatus.Running], JobStatus.Paused, "Fine-tuning job paused after saving a checkpoint; resume it to continue");
                break;
            default:
                _store.SetEstimatedFinish(job.Id, null);
                break;
        }
    }

    /// <summary>
    /// <c>sharpen eval</c> on the finished model when the job has a validation file: tuned vs the base model, k-shot
    /// prompting and retrieval on up to the configured number of validation examples. Returns the report's result files
    /// (report.html and summary.json); an evaluation that fails is a warning event, not a failed job — the model is
    /// trained and usable either way.
    /// </summary>
    private IReadOnlyList<string> Evaluate(FineTuningJob job, string runDirectory, string jobDirectory, CancellationToken token)
    {
        if (job.ValidationFile is null || _evaluationLimit == 0)
        {
            return [];
        }

        _store.AddEvent(job, "info", string.Create(CultureInfo.InvariantCulture,
            $"Evaluating the fine-tuned model on up to {_evaluationLimit} validation examples against the base model, k-shot prompting and retrieval"));
        try
        {
            var outcome = EvaluationService.Run(new EvaluationRequest
            {
                Tuned = runDirectory,
                Test = Path.Combine(jobDirectory, ValidationCopy),
                Train = Path.Combine(jobDirectory, TrainingCopy),
                Limit = _evaluationLimit,
                Output = Path.Combine(jobDirectory, "report"),
                Threads = _threads,
            }, progress: null, _time, token);
            var verdict = outcome.Report.Verdict;
            _store.AddEvent(job, "info", $"Evaluation verdict: {verdict.Explanation}");
            return [.. new[] { "report.html", "summary.json" }.Select(name =>
                _files.AddGenerated(job.Project, name, FilePurposes.FineTuneResults, File.ReadAllBytes(Path.Combine(outcome.ReportDirectory, name))).Id)];
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The model is trained; a failed evaluation is reported, not fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _store.AddEvent(job, "warn", $"Evaluation failed, the fine-tuned model is still available: {Describe(ex.Message, job)}");
            return [];
        }
    }

    private void Succeed(FineTuningJob job, IReadOnlyList<string> reportFiles)
    {
        var (metrics, tokens) = _store.MetricsOf(job.Id);
        var csv = new StringBuilder("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
        foreach (var m in metrics)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m.Step},{Number(m.TrainLoss)},{Number(m.TrainMeanTokenAccuracy)},{Number(m.ValidLoss)},{Number(m.ValidMeanTokenAccuracy)}\n");
        }

        var results = _files.AddGenerated(job.Project, "step_metrics.csv", FilePurposes.FineTuneResults, Encoding.UTF8.GetBytes(csv.ToString()));
        _store.AddEvent(job, "info", $"New fine-tuned model created: {job.ModelName}");
        _store.Succeed(job, [results.Id, .. reportFiles], tokens, "The job has successfully completed");
    }

    private void Fail(FineTuningJob job, JobError error) =>
        _store.Transition(job, [JobStatus.ValidatingFiles, JobStatus.Queued, JobStatus.Running], JobStatus.Failed, $"Fine-tuning job failed: {error.Message}", finished: true, error);

    /// <summary>
    /// Checks the job's files with the data step (OpenAI's rules: chat or prompt/completion examples, at least
    /// <see cref="JobService.MinExamples"/> of them) and copies them into the job folder, so the run never depends on
    /// an upload the client may delete.
    /// </summary>
    private void ValidateFiles(FineTuningJob job)
    {
        try
        {
            var jobDirectory = _store.JobDirectory(job.Id);
            Directory.CreateDirectory(jobDirectory);
            if (CheckFile(job, job.TrainingFile, "training_file", JobErrorCodes.InvalidTrainingFile, JobService.MinExamples, Path.Combine(jobDirectory, TrainingCopy)) is { } trainingError)
            {
                Fail(job, trainingError);
                return;
            }

            if (job.ValidationFile is { } validation
                && CheckFile(job, validation, "validation_file", JobErrorCodes.InvalidValidationFile, 1, Path.Combine(jobDirectory, ValidationCopy)) is { } validationError)
            {
                Fail(job, validationError);
                return;
            }

            _store.Transition(job, [JobStatus.ValidatingFiles], JobStatus.Queued, "Files validated, moving job to queued state");
        }
#pragma warning disable CA1031 // An unreadable file fails the job, not the runner.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(job, new JobError(JobErrorCodes.InvalidTrainingFile, Describe(ex.Message, job), "training_file"));
        }
    }

    private JobError? CheckFile(FineTuningJob job, string fileId, string param, string code, int minExamples, string copyTo)
    {
        if (_files.Get(job.Project, fileId) is not { } file)
        {
            return new JobError(code, $"The file {fileId} no longer exists.", param);
        }

        var path = _files.PathOf(file);
        var report = DatasetValidator.Validate(path, new ValidationOptions
        {
            Read = new DatasetReadOptions { FileFormat = DatasetFileFormat.JsonLines, MaxIssuesKept = 20 },
        });
        if (report.Format is { } format && format.Format is not (ExampleFormat.Chat or ExampleFormat.PromptCompletion))
        {
            return new JobError(code, $"The file {fileId} holds {format.Format} examples; supervised fine-tuning takes chat ({{\"messages\": [...]}}) or prompt/completion examples.", param);
        }

        if (report.Issues.FirstOrDefault(i => i.Severity == IssueSeverity.Error && i.Code != IssueCodes.TooFewExamples) is { } issue)
        {
            var line = issue.Line is { } l ? " line " + l.ToString(CultureInfo.InvariantCulture) : "";
            return new JobError(code, $"The file {fileId} has errors:{line}: {issue.Code}: {issue.Message.Replace(path, fileId, StringComparison.Ordinal)}", param);
        }

        if (report.ValidExamples < minExamples)
        {
            return minExamples == JobService.MinExamples
                ? new JobError(JobErrorCodes.InvalidNExamples, $"Training file has {report.ValidExamples} example(s), but must have at least {minExamples} examples", param)
                : new JobError(code, $"The file {fileId} has no valid example.", param);
        }

        AtomicFile.Write(copyTo, output =>
        {
            using var input = _files.OpenRead(file);
            input.CopyTo(output);
        });
        return null;
    }

    /// <summary>A run's error message for the client: the job folder's copies named by their file ids, no server paths.</summary>
    private string Describe(string message, FineTuningJob job)
    {
        var jobDirectory = _store.JobDirectory(job.Id);
        message = message.Replace(Path.Combine(jobDirectory, TrainingCopy), job.TrainingFile, StringComparison.Ordinal);
        if (job.ValidationFile is { } validation)
        {
            message = message.Replace(Path.Combine(jobDirectory, ValidationCopy), validation, StringComparison.Ordinal);
        }

        return message.Replace(_store.JobsDirectory, "<jobs>", StringComparison.Ordinal);
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private sealed class ActiveJob(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
