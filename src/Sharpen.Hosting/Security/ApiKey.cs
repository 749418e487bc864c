namespace Sharpen.Hosting.Security;

/// <summary>
/// An API key as stored: never the secret, only who it is (<see cref="Name"/>), what it may see (<see cref="Project"/>:
/// files and, later, jobs belong to a project) and a <see cref="Hint"/> (the secret's last characters) to tell keys apart.
/// </summary>
public sealed record ApiKey(string Id, string Name, string Project, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
