using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Sharpen.Hosting.Models;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting.Jobs;

/// <summary>
/// Fine-tuning jobs, their events and checkpoints in SQLite (schema step 2). Reads are scoped to a project, so another
/// project's id is indistinguishable from an unknown one. State changes are compare-and-set updates (<c>WHERE status
/// IN (...)</c>), so the runner and concurrent requests never overwrite each other's transitions. Every write pulses
/// <see cref="WaitForChangeAsync"/>, which live event streams wait on.
/// </summary>
public sealed class JobStore
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly SharpenDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _changeLock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JobStore(SharpenDatabase database, string jobsDirectory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(jobsDirectory);
        _database = database;
        JobsDirectory = Path.GetFullPath(jobsDirectory);
        _time = time ?? TimeProvider.System;
    }

    /// <summary><c>&lt;data&gt;/jobs</c>: one folder per job.</summary>
    public string JobsDirectory { get; }

    /// <summary>The job's folder: its copies of the data files and its run folder <c>run/</c>.</summary>
    public string JobDirectory(string jobId) => Path.Combine(JobsDirectory, jobId);

    /// <summary>The job's training run folder.</summary>
    public string RunDirectory(string jobId) => Path.Combine(JobDirectory(jobId), "run");

    /// <summary>The run's checkpoint folder for <paramref name="step"/>.</summary>
    public string CheckpointDirectory(string jobId, long step) =>
        Path.Combine(RunDirectory(jobId), "checkpoints", "step-" + step.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>Completes when anything was written after the call (or after <paramref name="timeout"/>).</summary>
    public async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_changeLock)
        {
            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    internal void Insert(FineTuningJob job)
    {
        Execute("""
            INSERT INTO jobs (id, project, model, training_file, validation_file, status, created_at, seed, suffix, request, model_name, metadata)
            VALUES ($id, $project, $model, $training, $validation, $status, $created, $seed, $suffix, $request, $model_name, $metadata);
            """, c =>
        {
            c.Parameters.AddWithValue("$id", job.Id);
            c.Parameters.AddWithValue("$project", job.Project);
            c.Parameters.AddWithValue("$model", job.Model);
            c.Parameters.AddWithValue("$training", job.TrainingFile);
            c.Parameters.AddWithValue("$validation", (object?)job.ValidationFile ?? DBNull.Value);
            c.Parameters.AddWithValue("$status", job.Status);
            c.Parameters.AddWithValue("$created", job.CreatedAt.ToUnixTimeSeconds());
            c.Parameters.AddWithValue("$seed", job.Seed);
            c.Parameters.AddWithValue("$suffix", (object?)job.Suffix ?? DBNull.Value);
            c.Parameters.AddWithValue("$request", JsonSerializer.Serialize(new StoredRequest(job.Requested, job.Method), s_json));
            c.Parameters.AddWithValue("$model_name", job.ModelName);
            c.Parameters.AddWithValue("$metadata", job.Metadata is null ? DBNull.Value : JsonSerializer.Serialize(job.Metadata, s_json));
        });
    }

    /// <summary>The job <paramref name="id"/> of <paramref name="project"/>, or null.</summary>
    public FineTuningJob? Get(string project, string id) =>
        QueryJobs("WHERE id = $id AND project = $project", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$project", project);
        }).FirstOrDefault();

    /// <summary>The job <paramref name="id"/> whatever its project (the runner's view), or null.</summary>
    internal FineTuningJob? Get(string id) =>
        QueryJobs("WHERE id = $id", c => c.Parameters.AddWithValue("$id", id)).FirstOrDefault();

    /// <summary>Jobs in <paramref name="status"/>, oldest first.</summary>
    internal IReadOnlyList<FineTuningJob> WithStatus(string status) =>
        QueryJobs("WHERE status = $status ORDER BY seq", c => c.Parameters.AddWithValue("$status", status));

    /// <summary>
    /// A page of <paramref name="project"/>'s jobs, newest first, after the job <paramref name="after"/>, keeping those
    /// whose metadata has every pair of <paramref name="metadata"/>.
    /// </summary>
    public JobPage<FineTuningJob> List(string project, string? after, int limit, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var where = "WHERE project = $project";
        var pairs = (metadata ?? new Dictionary<string, string>()).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            where += $" AND EXISTS (SELECT 1 FROM json_each(jobs.metadata) WHERE json_each.key = $mk{i} AND json_each.value = $mv{i})";
        }

        if (after is not null)
        {
            where += " AND seq < COALESCE((SELECT seq FROM jobs WHERE id = $after AND project = $project), -1)";
        }

        var jobs = QueryJobs(where + " ORDER BY seq DESC LIMIT $limit", c =>
        {
            c.Parameters.AddWithValue("$project", project);
            c.Parameters.AddWithValue("$limit", limit + 1);
            if (after is not null)
            {
                c.Parameters.AddWithValue("$after", after);
            }

            for (var i = 0; i < pairs.Count; i++)
            {
                c.Parameters.AddWithValue($"$mk{i}", pairs[i].Key);
                c.Parameters.AddWithValue($"$mv{i}", pairs[i].Value);
            }
        });
        return new JobPage<FineTuningJob>(jobs.Count > limit ? jobs.Take(limit).ToList() : jobs, jobs.Count > limit);
    }

    /// <summary>
    /// Moves the job from one of <paramref name="from"/> to <paramref name="to"/> and, in the same transaction, logs
    /// <paramref name="message"/>; false (and nothing logged) when it was in none of them.
    /// </summary>
    internal bool Transition(FineTuningJob job, IReadOnlyCollection<string> from, string to, string? message, bool finished = false, JobError? error = null)
    {
        var statuses = string.Join(", ", from.Select((_, i) => $"$from{i}"));
        return Execute($"""
            UPDATE jobs SET status = $to, control = NULL, estimated_finish = NULL,
                finished_at = CASE WHEN $finished THEN $now ELSE finished_at END,
                error_code = COALESCE($code, error_code), error_message = COALESCE($message, error_message), error_param = COALESCE($param, error_param)
            WHERE id = $id AND status IN ({statuses});
            """, c =>
        {
            c.Parameters.AddWithValue("$id", job.Id);
            c.Parameters.AddWithValue("$to", to);
            c.Parameters.AddWithValue("$finished", finished);
            c.Parameters.AddWithValue("$now", Now().ToUnixTimeSeconds());
            c.Parameters.AddWithValue("$code", (object?)error?.Code ?? DBNull.Value);
            c.Parameters.AddWithValue("$message", (object?)error?.Message ?? DBNull.Value);
            c.Parameters.AddWithValue("$param", (object?)error?.Param ?? DBNull.Value);
            var i = 0;
            foreach (var status in from)
            {
                c.Parameters.AddWithValue($"$from{i++}", status);
            }
        }, message is null ? null : (job, error is null ? "info" : "error", message)) > 0;
    }

    /// <summary>Asks the running job to <paramref name="control"/> (cancel | pause); false when it is not running.</summary>
    internal bool RequestControl(string id, string control) =>
        Execute("UPDATE jobs SET control = $control WHERE id = $id AND status = $running;", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$control", control);
            c.Parameters.AddWithValue("$running", JobStatus.Running);
        }) > 0;

    internal void SetResolved(string id, JobHyperparameters resolved) =>
        Execute("UPDATE jobs SET resolved = $resolved WHERE id = $id;", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$resolved", JsonSerializer.Serialize(resolved, s_json));
        });

    internal void SetEstimatedFinish(string id, DateTimeOffset? estimate) =>
        Execute("UPDATE jobs SET estimated_finish = $estimate WHERE id = $id AND status = $running;", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$estimate", estimate is { } e ? e.ToUnixTimeSeconds() : DBNull.Value);
            c.Parameters.AddWithValue("$running", JobStatus.Running);
        });

    /// <summary>Marks the running job succeeded with its model, result files and trained tokens.</summary>
    internal bool Succeed(FineTuningJob job, IReadOnlyList<string> resultFiles, long trainedTokens, string message) =>
        Execute("""
            UPDATE jobs SET status = $succeeded, control = NULL, estimated_finish = NULL, finished_at = $now,
                fine_tuned_model = $model, result_files = $files, trained_tokens = $tokens
            WHERE id = $id AND status = $running;
            """, c =>
        {
            c.Parameters.AddWithValue("$id", job.Id);
            c.Parameters.AddWithValue("$succeeded", JobStatus.Succeeded);
            c.Parameters.AddWithValue("$running", JobStatus.Running);
            c.Parameters.AddWithValue("$now", Now().ToUnixTimeSeconds());
            c.Parameters.AddWithValue("$model", job.ModelName);
            c.Parameters.AddWithValue("$files", JsonSerializer.Serialize(resultFiles, s_json));
            c.Parameters.AddWithValue("$tokens", trainedTokens);
        }, (job, "info", message)) > 0;

    /// <summary>Appends an event to <paramref name="job"/>'s log.</summary>
    internal JobEvent AddEvent(FineTuningJob job, string level, string message, JobMetrics? metrics = null, long? tokens = null)
    {
        using var connection = _database.Connect();
        var added = InsertEvent(connection, null, job, level, message, metrics, tokens);
        Pulse();
        return added;
    }

    /// <summary>Records a step's metrics event and the job's new estimated finish in one transaction.</summary>
    internal void AddStep(FineTuningJob job, string message, JobMetrics metrics, long tokens, DateTimeOffset estimatedFinish)
    {
        using (var connection = _database.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            InsertEvent(connection, transaction, job, "info", message, metrics, tokens);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE jobs SET estimated_finish = $estimate WHERE id = $id AND status = $running;";
            update.Parameters.AddWithValue("$id", job.Id);
            update.Parameters.AddWithValue("$estimate", estimatedFinish.ToUnixTimeSeconds());
            update.Parameters.AddWithValue("$running", JobStatus.Running);
            update.ExecuteNonQuery();
            transaction.Commit();
        }

        Pulse();
    }

    private JobEvent InsertEvent(SqliteConnection connection, SqliteTransaction? transaction, FineTuningJob job, string level, string message, JobMetrics? metrics, long? tokens)
    {
        var added = new JobEvent(ResourceIds.New("ftevent-"), job.Id, Now(), level, metrics is null ? JobEvent.MessageType : JobEvent.MetricsType, message, metrics);
        using var c = connection.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = """
            INSERT INTO job_events (id, job_id, project, created_at, level, type, message, data, step, tokens)
            VALUES ($id, $job, $project, $created, $level, $type, $message, $data, $step, $tokens);
            """;
        c.Parameters.AddWithValue("$id", added.Id);
        c.Parameters.AddWithValue("$job", job.Id);
        c.Parameters.AddWithValue("$project", job.Project);
        c.Parameters.AddWithValue("$created", added.CreatedAt.ToUnixTimeSeconds());
        c.Parameters.AddWithValue("$level", level);
        c.Parameters.AddWithValue("$type", added.Type);
        c.Parameters.AddWithValue("$message", message);
        c.Parameters.AddWithValue("$data", metrics is null ? DBNull.Value : JsonSerializer.Serialize(metrics, s_json));
        c.Parameters.AddWithValue("$step", metrics is null ? DBNull.Value : metrics.Step);
        c.Parameters.AddWithValue("$tokens", (object?)tokens ?? DBNull.Value);
        c.ExecuteNonQuery();
        return added;
    }

    /// <summary>Drops metrics events after <paramref name="step"/> (what a killed run logged past the checkpoint it resumes from).</summary>
    internal void DeleteMetricsAfter(string jobId, long step) =>
        Execute("DELETE FROM job_events WHERE job_id = $job AND type = $metrics AND step > $step;", c =>
        {
            c.Parameters.AddWithValue("$job", jobId);
            c.Parameters.AddWithValue("$metrics", JobEvent.MetricsType);
            c.Parameters.AddWithValue("$step", step);
        });

    /// <summary>A page of the job's events, newest first, after the event <paramref name="after"/>.</summary>
    public JobPage<JobEvent> ListEvents(string project, string jobId, string? after, int limit)
    {
        var (clause, bind) = PageOfJob("job_events", "seq", project, jobId, after, limit);
        var events = QueryEvents(clause, bind);
        return new JobPage<JobEvent>([.. events.Take(limit).Select(e => e.Event)], events.Count > limit);
    }

    /// <summary>The job's events recorded after the internal position <paramref name="afterSeq"/>, oldest first, with their positions.</summary>
    public IReadOnlyList<(long Seq, JobEvent Event)> EventsSince(string jobId, long afterSeq) =>
        QueryEvents("WHERE job_id = $job AND seq > $seq ORDER BY seq", c =>
        {
            c.Parameters.AddWithValue("$job", jobId);
            c.Parameters.AddWithValue("$seq", afterSeq);
        });

    /// <summary>The job's metrics, one per step in step order, and the tokens trained in all.</summary>
    internal (IReadOnlyList<JobMetrics> Metrics, long Tokens) MetricsOf(string jobId)
    {
        var metrics = QueryEvents("WHERE job_id = $job AND type = $metrics ORDER BY step, seq", c =>
        {
            c.Parameters.AddWithValue("$job", jobId);
            c.Parameters.AddWithValue("$metrics", JobEvent.MetricsType);
        }).Select(e => e.Event.Metrics!).ToList();
        using var connection = _database.Connect();
        using var sum = connection.CreateCommand();
        sum.CommandText = "SELECT COALESCE(SUM(tokens), 0) FROM job_events WHERE job_id = $job AND type = $metrics;";
        sum.Parameters.AddWithValue("$job", jobId);
        sum.Parameters.AddWithValue("$metrics", JobEvent.MetricsType);
        return (metrics, (long)sum.ExecuteScalar()!);
    }

    /// <summary>Records a checkpoint of <paramref name="job"/> at <paramref name="metrics"/>' step (once per step).</summary>
    internal JobCheckpoint AddCheckpoint(FineTuningJob job, JobMetrics metrics)
    {
        var checkpoint = new JobCheckpoint(ResourceIds.New("ftckpt_"), job.Id, Now(), metrics.Step, CheckpointModelName(job.ModelName, metrics.Step), metrics);
        Execute("""
            INSERT OR IGNORE INTO job_checkpoints (id, job_id, project, created_at, step, model, metrics)
            VALUES ($id, $job, $project, $created, $step, $model, $metrics);
            """, c =>
        {
            c.Parameters.AddWithValue("$id", checkpoint.Id);
            c.Parameters.AddWithValue("$job", job.Id);
            c.Parameters.AddWithValue("$project", job.Project);
            c.Parameters.AddWithValue("$created", checkpoint.CreatedAt.ToUnixTimeSeconds());
            c.Parameters.AddWithValue("$step", checkpoint.Step);
            c.Parameters.AddWithValue("$model", checkpoint.Model);
            c.Parameters.AddWithValue("$metrics", JsonSerializer.Serialize(metrics, s_json));
        });
        return checkpoint;
    }

    /// <summary>Forgets checkpoints whose folders the run pruned (it keeps the newest few), so every listed one loads.</summary>
    internal void ForgetPrunedCheckpoints(string jobId)
    {
        var steps = new List<long>();
        using (var connection = _database.Connect())
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT step FROM job_checkpoints WHERE job_id = $job;";
            query.Parameters.AddWithValue("$job", jobId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                steps.Add(reader.GetInt64(0));
            }
        }

        foreach (var step in steps.Where(s => !Directory.Exists(CheckpointDirectory(jobId, s))))
        {
            Execute("DELETE FROM job_checkpoints WHERE job_id = $job AND step = $step;", c =>
            {
                c.Parameters.AddWithValue("$job", jobId);
                c.Parameters.AddWithValue("$step", step);
            });
        }
    }

    /// <summary>A page of the job's checkpoints, newest (highest step) first, after the checkpoint <paramref name="after"/>.</summary>
    public JobPage<JobCheckpoint> ListCheckpoints(string project, string jobId, string? after, int limit)
    {
        var (clause, bind) = PageOfJob("job_checkpoints", "step", project, jobId, after, limit);
        var checkpoints = QueryCheckpoints(clause, bind);
        return new JobPage<JobCheckpoint>([.. checkpoints.Take(limit)], checkpoints.Count > limit);
    }

    /// <summary>
    /// One more than <paramref name="limit"/> rows of a job's <paramref name="table"/>, highest <paramref name="order"/>
    /// first, below the row <paramref name="after"/>. The cursor is resolved inside the job, so another job's id yields
    /// an empty page, as paging past the end does.
    /// </summary>
    private static (string Clause, Action<SqliteCommand> Bind) PageOfJob(string table, string order, string project, string jobId, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var clause = "WHERE job_id = $job AND project = $project"
            + (after is null ? "" : $" AND {order} < COALESCE((SELECT {order} FROM {table} WHERE id = $after AND job_id = $job), -1)")
            + $" ORDER BY {order} DESC LIMIT $limit";
        return (clause, c =>
        {
            c.Parameters.AddWithValue("$job", jobId);
            c.Parameters.AddWithValue("$project", project);
            c.Parameters.AddWithValue("$limit", limit + 1);
            if (after is not null)
            {
                c.Parameters.AddWithValue("$after", after);
            }
        });
    }

    /// <summary>
    /// The fine-tuned model or checkpoint named <paramref name="name"/>, registered with the owning project, or null.
    /// A job's model exists once the job succeeded; a checkpoint's as soon as it was saved.
    /// </summary>
    public RegisteredModel? FindModel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var job = QueryJobs("WHERE fine_tuned_model = $name AND status = $succeeded", c =>
        {
            c.Parameters.AddWithValue("$name", name);
            c.Parameters.AddWithValue("$succeeded", JobStatus.Succeeded);
        }).FirstOrDefault();
        if (job is not null)
        {
            return ModelOf(job);
        }

        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT job_id, project, step, created_at FROM job_checkpoints WHERE model = $name;";
        query.Parameters.AddWithValue("$name", name);
        using var reader = query.ExecuteReader();
        return reader.Read()
            ? new RegisteredModel(name, CheckpointDirectory(reader.GetString(0), reader.GetInt64(2)), reader.GetString(1), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3))) { Project = reader.GetString(1) }
            : null;
    }

    /// <summary>The fine-tuned models of <paramref name="project"/>'s succeeded jobs, oldest first.</summary>
    public IReadOnlyList<RegisteredModel> ListModels(string project) =>
        [.. QueryJobs("WHERE project = $project AND status = $succeeded ORDER BY seq", c =>
        {
            c.Parameters.AddWithValue("$project", project);
            c.Parameters.AddWithValue("$succeeded", JobStatus.Succeeded);
        }).Select(ModelOf)];

    /// <summary>A checkpoint's model name: the job's with <c>:ckpt-step-N</c> appended, as OpenAI names them.</summary>
    public static string CheckpointModelName(string modelName, long step) =>
        modelName + ":ckpt-step-" + step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private RegisteredModel ModelOf(FineTuningJob job) =>
        new(job.FineTunedModel!, RunDirectory(job.Id), job.Project, job.FinishedAt ?? job.CreatedAt) { Project = job.Project };

    private const string JobColumns = """
        id, project, model, training_file, validation_file, status, created_at, finished_at, seed, suffix, request, resolved,
        model_name, fine_tuned_model, error_code, error_message, error_param, trained_tokens, estimated_finish, result_files, metadata, control
        """;

    private List<FineTuningJob> QueryJobs(string clause, Action<SqliteCommand> bind)
    {
        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {JobColumns} FROM jobs {clause};";
        bind(query);
        using var r = query.ExecuteReader();
        var jobs = new List<FineTuningJob>();
        while (r.Read())
        {
            var request = JsonSerializer.Deserialize<StoredRequest>(r.GetString(10), s_json)!;
            jobs.Add(new FineTuningJob
            {
                Id = r.GetString(0),
                Project = r.GetString(1),
                Model = r.GetString(2),
                TrainingFile = r.GetString(3),
                ValidationFile = r.IsDBNull(4) ? null : r.GetString(4),
                Status = r.GetString(5),
                CreatedAt = DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(6)),
                FinishedAt = r.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(7)),
                Seed = r.GetInt32(8),
                Suffix = r.IsDBNull(9) ? null : r.GetString(9),
                Requested = request.Hyperparameters,
                Method = request.Method,
                Resolved = r.IsDBNull(11) ? null : JsonSerializer.Deserialize<JobHyperparameters>(r.GetString(11), s_json),
                ModelName = r.GetString(12),
                FineTunedModel = r.IsDBNull(13) ? null : r.GetString(13),
                Error = r.IsDBNull(14) ? null : new JobError(r.GetString(14), r.GetString(15), r.IsDBNull(16) ? null : r.GetString(16)),
                TrainedTokens = r.IsDBNull(17) ? null : r.GetInt64(17),
                EstimatedFinish = r.IsDBNull(18) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(18)),
                ResultFiles = JsonSerializer.Deserialize<List<string>>(r.GetString(19), s_json) ?? [],
                Metadata = r.IsDBNull(20) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(20), s_json),
                Control = r.IsDBNull(21) ? null : r.GetString(21),
            });
        }

        return jobs;
    }

    private List<(long Seq, JobEvent Event)> QueryEvents(string clause, Action<SqliteCommand> bind)
    {
        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT seq, id, job_id, created_at, level, type, message, data FROM job_events {clause};";
        bind(query);
        using var r = query.ExecuteReader();
        var events = new List<(long, JobEvent)>();
        while (r.Read())
        {
            events.Add((r.GetInt64(0), new JobEvent(r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(3)), r.GetString(4), r.GetString(5), r.GetString(6),
                r.IsDBNull(7) ? null : JsonSerializer.Deserialize<JobMetrics>(r.GetString(7), s_json))));
        }

        return events;
    }

    private List<JobCheckpoint> QueryCheckpoints(string clause, Action<SqliteCommand> bind)
    {
        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT id, job_id, created_at, step, model, metrics FROM job_checkpoints {clause};";
        bind(query);
        using var r = query.ExecuteReader();
        var checkpoints = new List<JobCheckpoint>();
        while (r.Read())
        {
            checkpoints.Add(new JobCheckpoint(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(2)), r.GetInt64(3), r.GetString(4),
                JsonSerializer.Deserialize<JobMetrics>(r.GetString(5), s_json)!));
        }

        return checkpoints;
    }

    /// <summary>Runs one statement; when it changed rows and <paramref name="logged"/> is given, logs that event in the same transaction.</summary>
    private int Execute(string sql, Action<SqliteCommand> bind, (FineTuningJob Job, string Level, string Message)? logged = null)
    {
        int changed;
        using (var connection = _database.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = sql;
                bind(command);
                changed = command.ExecuteNonQuery();
            }

            if (changed > 0 && logged is { } e)
            {
                InsertEvent(connection, transaction, e.Job, e.Level, e.Message, null, null);
            }

            transaction.Commit();
        }

        Pulse();
        return changed;
    }

    private void Pulse()
    {
        TaskCompletionSource pulse;
        lock (_changeLock)
        {
            pulse = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pulse.TrySetResult();
    }

    private sealed record StoredRequest(JobHyperparameters Hyperparameters, JobMethodOptions Method);
}
