using Sharpen.Hosting.Files;

namespace Sharpen.Server.Files;

/// <summary>OpenAI's File object; <see cref="Status"/> is always filled (the Python SDK's <c>wait_for_processing</c> polls it).</summary>
internal sealed record FileObject(
    string Id, string Object, long Bytes, long CreatedAt, string Filename, string Purpose, string Status, string? StatusDetails)
{
    public static FileObject From(StoredFile file) =>
        new(file.Id, "file", file.Bytes, file.CreatedAt.ToUnixTimeSeconds(), file.FileName, file.Purpose, file.Status, file.StatusDetails);
}

/// <summary>A page of files with OpenAI's cursor fields; clients stop paging only on <c>has_more: false</c>.</summary>
internal sealed record FileList(string Object, IReadOnlyList<FileObject> Data, string? FirstId, string? LastId, bool HasMore);

/// <summary>The answer of <c>DELETE /v1/files/{id}</c>.</summary>
internal sealed record FileDeleted(string Id, string Object, bool Deleted);

/// <summary>
/// The answer of Sharpen's <c>GET /v1/files/{id}/report</c>: the data step's report (<c>sharpen data validate --json</c>
/// shape) on a fine-tune upload, with the model whose tokenizer counted its tokens (null: no token figures).
/// </summary>
internal sealed record FileReport(string Object, string FileId, string Filename, string? Model, System.Text.Json.JsonElement Report);
