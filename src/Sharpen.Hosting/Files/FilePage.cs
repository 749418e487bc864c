namespace Sharpen.Hosting.Files;

/// <summary>One page of a file listing; <see cref="HasMore"/> tells a cursor-paging client whether to ask again.</summary>
public sealed record FilePage(IReadOnlyList<StoredFile> Files, bool HasMore);
