namespace Sharpen.Hosting.Jobs;

/// <summary>One page of a cursor-paged listing; <see cref="HasMore"/> tells the client whether to ask again.</summary>
public sealed record JobPage<T>(IReadOnlyList<T> Items, bool HasMore);
