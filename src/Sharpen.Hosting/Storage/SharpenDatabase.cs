using Microsoft.Data.Sqlite;

namespace Sharpen.Hosting.Storage;

/// <summary>
/// The server's state: one SQLite file (<c>sharpen.db</c>) in the data folder, brought to the current schema on open.
/// Each operation opens its own pooled connection, so stores are safe to use from concurrent requests; WAL mode lets
/// readers (API-key checks on every request) run while a writer commits.
/// </summary>
public sealed class SharpenDatabase
{
    /// <summary>The database file name inside the data folder.</summary>
    public const string FileName = "sharpen.db";

    private readonly string _connectionString;

    private SharpenDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the database in <paramref name="dataDirectory"/> and applies pending migrations.</summary>
    public static SharpenDatabase Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var database = new SharpenDatabase(System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName));
        using var connection = database.Connect();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        SchemaMigrations.Apply(connection);
        return database;
    }

    /// <summary>An open connection with foreign keys enforced; dispose it to return it to the pool.</summary>
    internal SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // In WAL mode NORMAL still never corrupts the database; it only skips the fsync per commit (a power cut may lose
        // the last commits), which matters for a job runner that records an event after every training step.
        pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
