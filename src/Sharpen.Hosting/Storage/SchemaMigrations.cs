using Microsoft.Data.Sqlite;

namespace Sharpen.Hosting.Storage;

/// <summary>
/// The schema as an append-only list of steps; <c>schema_version</c> records how many ran. A new feature adds a step
/// (never edits a shipped one), so a data folder made by an older server upgrades in place.
/// </summary>
/// <remarks>
/// Conventions every table follows (step 2 added fine-tuning jobs, events and checkpoints with them):
/// a public id with an OpenAI-style prefix (<c>file-…</c>, <c>ftjob-…</c>, <c>ftevent-…</c>, <c>ftckpt_…</c>),
/// an integer <c>seq</c> primary key giving a stable order for cursor paging (<c>after</c> = an id, resolved to its
/// <c>seq</c>), the owning <c>project</c> on every row (an API key belongs to one project and sees only its rows),
/// and Unix-second timestamps as the wire format carries them.
/// </remarks>
internal static class SchemaMigrations
{
    private static readonly string[] s_steps =
    [
        // 1: API keys (only a SHA-256 of the secret is stored) and uploaded files (bytes on disk under files/).
        """
        CREATE TABLE api_keys (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            id          TEXT NOT NULL UNIQUE,
            name        TEXT NOT NULL,
            project     TEXT NOT NULL,
            secret_hash BLOB NOT NULL UNIQUE,
            hint        TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            revoked_at  INTEGER
        );
        CREATE TABLE files (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            id             TEXT NOT NULL UNIQUE,
            project        TEXT NOT NULL,
            filename       TEXT NOT NULL,
            purpose        TEXT NOT NULL,
            bytes          INTEGER NOT NULL,
            sha256         TEXT NOT NULL,
            created_at     INTEGER NOT NULL,
            status         TEXT NOT NULL,
            status_details TEXT,
            blob           TEXT NOT NULL UNIQUE
        );
        CREATE INDEX files_by_project ON files (project, purpose, seq);
        """,

        // 2: fine-tuning jobs, their events and checkpoints. A job's request is kept as given (hyperparameters with
        // "auto"), the resolved values once training has started; metadata is a JSON object (filtered with json_each).
        // `control` carries a pending cancel/pause to the runner; `model_name` is the ft: name fixed at creation (the
        // wire's fine_tuned_model shows it only once the job succeeded), so checkpoint names can derive from it.
        """
        CREATE TABLE jobs (
            seq              INTEGER PRIMARY KEY AUTOINCREMENT,
            id               TEXT NOT NULL UNIQUE,
            project          TEXT NOT NULL,
            model            TEXT NOT NULL,
            training_file    TEXT NOT NULL,
            validation_file  TEXT,
            status           TEXT NOT NULL,
            created_at       INTEGER NOT NULL,
            finished_at      INTEGER,
            seed             INTEGER NOT NULL,
            suffix           TEXT,
            request          TEXT NOT NULL,
            resolved         TEXT,
            model_name       TEXT NOT NULL UNIQUE,
            fine_tuned_model TEXT UNIQUE,
            error_code       TEXT,
            error_message    TEXT,
            error_param      TEXT,
            trained_tokens   INTEGER,
            estimated_finish INTEGER,
            result_files     TEXT NOT NULL DEFAULT '[]',
            metadata         TEXT,
            control          TEXT
        );
        CREATE INDEX jobs_by_project ON jobs (project, seq);
        CREATE INDEX jobs_by_status ON jobs (status, seq);
        CREATE TABLE job_events (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            id         TEXT NOT NULL UNIQUE,
            job_id     TEXT NOT NULL REFERENCES jobs (id),
            project    TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            level      TEXT NOT NULL,
            type       TEXT NOT NULL,
            message    TEXT NOT NULL,
            data       TEXT,
            step       INTEGER,
            tokens     INTEGER
        );
        CREATE INDEX job_events_by_job ON job_events (job_id, seq);
        CREATE TABLE job_checkpoints (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            id         TEXT NOT NULL UNIQUE,
            job_id     TEXT NOT NULL REFERENCES jobs (id),
            project    TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            step       INTEGER NOT NULL,
            model      TEXT NOT NULL UNIQUE,
            metrics    TEXT NOT NULL,
            UNIQUE (job_id, step)
        );
        """,

        // 3: the data step's report of a fine-tune upload (JSON, as `sharpen data validate --json` writes it).
        """
        ALTER TABLE files ADD COLUMN report TEXT;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => s_steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";
            create.ExecuteNonQuery();
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            current = (long)read.ExecuteScalar()!;
        }

        if (current > s_steps.Length)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this Sharpen ({s_steps.Length}); upgrade Sharpen to use this data folder.");
        }

        for (var step = (int)current; step < s_steps.Length; step++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = s_steps[step] + $"\nINSERT INTO schema_version (version) VALUES ({step + 1});";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
