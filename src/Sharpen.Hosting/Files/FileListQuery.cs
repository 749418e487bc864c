namespace Sharpen.Hosting.Files;

/// <summary>
/// A file listing request, as OpenAI's <c>GET /files</c> takes it: an optional purpose filter, a page size
/// (1–10,000, default 10,000), newest first unless <see cref="Ascending"/>, and <see cref="After"/> = the last id seen.
/// </summary>
public sealed record FileListQuery
{
    /// <summary>The largest page OpenAI's files endpoint returns.</summary>
    public const int MaxLimit = 10_000;

    public string? Purpose { get; init; }

    public int Limit { get; init; } = MaxLimit;

    public bool Ascending { get; init; }

    public string? After { get; init; }
}
