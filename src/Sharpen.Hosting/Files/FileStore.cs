using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Data;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting.Files;

/// <summary>
/// Uploaded files: records in SQLite, bytes under <c>files/</c> in the data folder with server-generated names. An
/// upload is streamed to a scratch file (<see cref="ReceiveAsync"/>), checked, then renamed into place and recorded
/// (<see cref="Commit"/>), so a crash never leaves a record without its bytes or a half-written blob under its name.
/// Every read is scoped to a project: another project's id is indistinguishable from an unknown one.
/// </summary>
public sealed class FileStore
{
    /// <summary>How many problems a refused upload lists.</summary>
    public const int ProblemsListed = 5;

    private readonly SharpenDatabase _database;
    private readonly string _blobs;
    private readonly string _incoming;
    private readonly TimeProvider _time;

    public FileStore(SharpenDatabase database, string dataDirectory, long maxUploadBytes, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUploadBytes, 1);
        _database = database;
        _blobs = Path.Combine(Path.GetFullPath(dataDirectory), "files");
        _incoming = Path.Combine(_blobs, ".incoming");
        Directory.CreateDirectory(_incoming);
        MaxUploadBytes = maxUploadBytes;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The largest file accepted, in bytes.</summary>
    public long MaxUploadBytes { get; }

    /// <summary>
    /// Copies <paramref name="content"/> into a scratch file, hashing it on the way, and stops with
    /// <see cref="FileTooLargeException"/> as soon as it passes <see cref="MaxUploadBytes"/>.
    /// </summary>
    public async Task<IncomingFile> ReceiveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = Path.Combine(_incoming, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > MaxUploadBytes)
                    {
                        throw new FileTooLargeException(MaxUploadBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            return new IncomingFile(path, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Checks <paramref name="incoming"/> against <paramref name="purpose"/> and stores it for <paramref name="project"/>.
    /// A <c>fine-tune</c> file must pass the data step's validation (JSON Lines in OpenAI's chat, preference or
    /// prompt/completion shape, no errors); otherwise <see cref="FileValidationException"/> lists the first problems.
    /// </summary>
    public StoredFile Commit(IncomingFile incoming, string project, string fileName, string purpose)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (incoming.Committed)
        {
            throw new InvalidOperationException("This upload has already been stored.");
        }

        // The data step's report is kept with the record (GET /v1/files/{id}/report), so nobody re-reads the file for it.
        var report = purpose == FilePurposes.FineTune ? ValidateFineTuneFile(incoming.TempPath, fileName) : null;
        var file = Record(incoming.TempPath, project, fileName, purpose, incoming.Bytes, incoming.Sha256,
            report is null ? null : ReportJson(report, incoming.TempPath, fileName));
        incoming.Committed = true;
        return file;
    }

    /// <summary>
    /// Stores a file the server wrote for <paramref name="project"/> (a job's results), without the upload limit or the
    /// upload checks: written to a scratch file, then moved into place and recorded.
    /// </summary>
    public StoredFile AddGenerated(string project, string fileName, string purpose, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(_incoming, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            File.WriteAllBytes(temp, content);
            return Record(temp, project, fileName, purpose, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Where the bytes of <paramref name="file"/> are (server-side only; never shown to a client).</summary>
    internal string PathOf(StoredFile file) => Path.Combine(_blobs, BlobOf(file));

    private StoredFile Record(string tempPath, string project, string fileName, string purpose, long bytes, string sha256, string? reportJson)
    {
        var file = new StoredFile(ResourceIds.New("file-"), project, fileName, purpose, bytes, sha256,
            DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()), "processed", null);
        var blob = file.Id;
        File.Move(tempPath, Path.Combine(_blobs, blob));
        try
        {
            using var connection = _database.Connect();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO files (id, project, filename, purpose, bytes, sha256, created_at, status, status_details, blob, report)
                VALUES ($id, $project, $filename, $purpose, $bytes, $sha256, $created, $status, NULL, $blob, $report);
                """;
            insert.Parameters.AddWithValue("$id", file.Id);
            insert.Parameters.AddWithValue("$project", project);
            insert.Parameters.AddWithValue("$filename", fileName);
            insert.Parameters.AddWithValue("$purpose", purpose);
            insert.Parameters.AddWithValue("$bytes", file.Bytes);
            insert.Parameters.AddWithValue("$sha256", file.Sha256);
            insert.Parameters.AddWithValue("$created", file.CreatedAt.ToUnixTimeSeconds());
            insert.Parameters.AddWithValue("$status", file.Status);
            insert.Parameters.AddWithValue("$blob", blob);
            insert.Parameters.AddWithValue("$report", reportJson is null ? DBNull.Value : reportJson);
            insert.ExecuteNonQuery();
        }
        catch
        {
            File.Delete(Path.Combine(_blobs, blob));
            throw;
        }

        return file;
    }

    /// <summary>The file <paramref name="id"/> of <paramref name="project"/>, or null.</summary>
    public StoredFile? Get(string project, string id)
    {
        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM files WHERE id = $id AND project = $project;";
        query.Parameters.AddWithValue("$id", id);
        query.Parameters.AddWithValue("$project", project);
        using var reader = query.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>
    /// The data step's report on <paramref name="file"/> as JSON (the shape of <c>sharpen data validate --json</c>, the
    /// file named as it was uploaded), or null when the file is not a <c>fine-tune</c> upload (only those are checked).
    /// Without <paramref name="modelDirectory"/> it is the report made at upload, which has no token figures; with a
    /// model folder the file is analysed again with that model's tokenizer and chat template, adding token statistics
    /// and the context-length check.
    /// </summary>
    public string? Report(StoredFile file, string? modelDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (modelDirectory is not null)
        {
            if (file.Purpose != FilePurposes.FineTune)
            {
                return null;
            }

            var path = PathOf(file);
            return ReportJson(DataService.Validate(path, UploadReadOptions, modelDirectory), path, file.FileName);
        }

        using var connection = _database.Connect();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT report FROM files WHERE id = $id AND project = $project;";
        query.Parameters.AddWithValue("$id", file.Id);
        query.Parameters.AddWithValue("$project", file.Project);
        return query.ExecuteScalar() as string;
    }

    /// <summary>
    /// A page of <paramref name="project"/>'s files. An <see cref="FileListQuery.After"/> id that is not one of the
    /// project's files yields an empty page (as paging past the end does).
    /// </summary>
    public FilePage List(string project, FileListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, FileListQuery.MaxLimit);
        using var connection = _database.Connect();
        using var command = connection.CreateCommand();
        var where = "project = $project";
        command.Parameters.AddWithValue("$project", project);
        if (query.Purpose is not null)
        {
            where += " AND purpose = $purpose";
            command.Parameters.AddWithValue("$purpose", query.Purpose);
        }

        if (query.After is not null)
        {
            // The cursor is resolved inside the project, so another project's id reveals nothing.
            where += $" AND seq {(query.Ascending ? ">" : "<")} COALESCE((SELECT seq FROM files WHERE id = $after AND project = $project), {(query.Ascending ? "9223372036854775807" : "-1")})";
            command.Parameters.AddWithValue("$after", query.After);
        }

        command.CommandText = $"SELECT {Columns} FROM files WHERE {where} ORDER BY seq {(query.Ascending ? "ASC" : "DESC")} LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        using var reader = command.ExecuteReader();
        var files = new List<StoredFile>();
        while (reader.Read())
        {
            files.Add(Read(reader));
        }

        var hasMore = files.Count > query.Limit;
        return new FilePage(hasMore ? files[..query.Limit] : files, hasMore);
    }

    /// <summary>Opens the content of <paramref name="file"/> for reading.</summary>
    public Stream OpenRead(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new FileStream(Path.Combine(_blobs, BlobOf(file)), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
    }

    /// <summary>Deletes the file <paramref name="id"/> of <paramref name="project"/>; false when there is none.</summary>
    public bool Delete(string project, string id)
    {
        string? blob;
        using (var connection = _database.Connect())
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM files WHERE id = $id AND project = $project RETURNING blob;";
            delete.Parameters.AddWithValue("$id", id);
            delete.Parameters.AddWithValue("$project", project);
            blob = delete.ExecuteScalar() as string;
        }

        if (blob is null)
        {
            return false;
        }

        File.Delete(Path.Combine(_blobs, blob));
        return true;
    }

    private const string Columns = "id, project, filename, purpose, bytes, sha256, created_at, status, status_details";

    // Blobs are named by the file id, which the server generated; kept as a column so the layout can change later.
    private static string BlobOf(StoredFile file) => file.Id;

    private static StoredFile Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
        DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(6)), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8));

    private static DatasetReadOptions UploadReadOptions { get; } = new() { FileFormat = DatasetFileFormat.JsonLines, MaxIssuesKept = 100 };

    private static DatasetReport ValidateFineTuneFile(string path, string fileName)
    {
        var report = DatasetValidator.Validate(path, new ValidationOptions { Read = UploadReadOptions });
        // Too few examples is the job's problem, not the file's: a validation file may well be small, and OpenAI
        // accepts such uploads and fails the job (invalid_n_examples) instead.
        var errors = report.Issues.Where(i => i.Severity == IssueSeverity.Error && i.Code != IssueCodes.TooFewExamples).ToList();
        var total = report.IssueCounts.Where(p => errors.Any(e => e.Code == p.Key)).Sum(p => p.Value);
        var onlyTooFew = report.IssueCounts.Keys.All(code => code == IssueCodes.TooFewExamples || report.Issues.Any(i => i.Code == code && i.Severity != IssueSeverity.Error));
        if (errors.Count == 0 && report.Format is { } format
            && format.Format is not (ExampleFormat.Chat or ExampleFormat.Preference or ExampleFormat.PromptCompletion))
        {
            errors.Add(new DataIssue("invalid_file_format", IssueSeverity.Error, path, null, null,
                $"the examples are in {format.Format} format; fine-tuning takes OpenAI's chat ({{\"messages\": [...]}}), preference or prompt/completion JSON Lines."));
            total = 1;
        }

        if (errors.Count == 0 && report.Severity == IssueSeverity.Error && !onlyTooFew)
        {
            // Errors beyond the kept cap still fail the file (the report says so); say that rather than nothing.
            throw new FileValidationException(fileName, [$"{fileName}: the data checks found errors"], 1);
        }

        if (errors.Count > 0)
        {
            var listed = errors.Take(ProblemsListed).Select(i => Describe(i, fileName)).ToList();
            throw new FileValidationException(fileName, listed, Math.Max(total, errors.Count));
        }

        return report;
    }

    // The report names the file it read (a scratch or blob path); clients must only ever see the name they uploaded.
    private static string ReportJson(DatasetReport report, string path, string fileName)
    {
        var json = JsonNode.Parse(report.ToJson())!.AsObject();
        json["file"] = fileName;
        foreach (var issue in json["issues"]!.AsArray())
        {
            issue!["file"] = fileName;
            issue["message"] = issue["message"]!.GetValue<string>().Replace(path, fileName, StringComparison.Ordinal);
        }

        return json.ToJsonString();
    }

    // The validator names the scratch file; the client knows its file by the name it uploaded.
    private static string Describe(DataIssue issue, string fileName)
    {
        var where = issue.Line is { } line ? fileName + ":" + line.ToString(CultureInfo.InvariantCulture) : fileName;
        var message = issue.MessageIndex is { } index ? $"{issue.Message} (message {index})" : issue.Message;
        return $"{where}: {issue.Code}: {message.Replace(issue.File, fileName, StringComparison.Ordinal)}";
    }
}
