using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting.Security;

/// <summary>
/// Creates, checks and revokes bearer API keys. A secret is <c>sk-sharpen-</c> plus 40 random base-62 characters
/// (about 238 bits); only its SHA-256 is stored. A fast hash is enough for random secrets of that strength (nothing
/// to brute-force from a dictionary), and it keeps the per-request check to one indexed lookup.
/// </summary>
public sealed class ApiKeyStore(SharpenDatabase database, TimeProvider? time = null)
{
    /// <summary>Every secret starts with this, so leaked keys are easy to recognise in logs and scanners.</summary>
    public const string SecretPrefix = "sk-sharpen-";

    /// <summary>The project a key belongs to when none is named.</summary>
    public const string DefaultProject = "default";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Creates a key named <paramref name="name"/> in <paramref name="project"/>; the secret is returned once.</summary>
    public CreatedApiKey Create(string name, string project = DefaultProject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        var secret = SecretPrefix + RandomNumberGenerator.GetString(Alphabet, 40);
        var key = new ApiKey(ResourceIds.New("key-"), name.Trim(), project.Trim(), "..." + secret[^4..], Now(), null);
        using var connection = database.Connect();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO api_keys (id, name, project, secret_hash, hint, created_at)
            VALUES ($id, $name, $project, $hash, $hint, $created);
            """;
        insert.Parameters.AddWithValue("$id", key.Id);
        insert.Parameters.AddWithValue("$name", key.Name);
        insert.Parameters.AddWithValue("$project", key.Project);
        insert.Parameters.AddWithValue("$hash", Hash(secret));
        insert.Parameters.AddWithValue("$hint", key.Hint);
        insert.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeSeconds());
        insert.ExecuteNonQuery();
        return new CreatedApiKey(key, secret);
    }

    /// <summary>The active key whose secret is <paramref name="secret"/>, or null (unknown, malformed or revoked).</summary>
    public ApiKey? Authenticate(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 256)
        {
            return null;
        }

        using var connection = database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM api_keys WHERE secret_hash = $hash AND revoked_at IS NULL;";
        query.Parameters.AddWithValue("$hash", Hash(secret));
        using var reader = query.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>All keys, oldest first, revoked ones included.</summary>
    public IReadOnlyList<ApiKey> List()
    {
        using var connection = database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM api_keys ORDER BY seq;";
        using var reader = query.ExecuteReader();
        var keys = new List<ApiKey>();
        while (reader.Read())
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>Revokes key <paramref name="id"/>; false when no active key has that id.</summary>
    public bool Revoke(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var connection = database.Connect();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL;";
        update.Parameters.AddWithValue("$now", Now().ToUnixTimeSeconds());
        update.Parameters.AddWithValue("$id", id);
        return update.ExecuteNonQuery() == 1;
    }

    private const string Columns = "id, name, project, hint, created_at, revoked_at";

    private static ApiKey Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(4)),
        r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(5)));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    // Stored as Unix seconds, so the returned record matches what is read back later.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
}
