namespace Sharpen.Hosting.Files;

/// <summary>
/// An uploaded file's record: what the OpenAI File object shows, plus the project that owns it. The bytes live on disk
/// under a server-generated name; nothing a client sends (the filename included) is ever used as a path.
/// </summary>
public sealed record StoredFile(
    string Id,
    string Project,
    string FileName,
    string Purpose,
    long Bytes,
    string Sha256,
    DateTimeOffset CreatedAt,
    string Status,
    string? StatusDetails);
