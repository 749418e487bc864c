namespace Sharpen.Hosting.Models;

/// <summary>
/// A model the server can serve: its id (a base model's folder name, later also <c>ft:…</c> names), the folder it
/// loads from, who owns it and when it appeared (the folder's <c>config.json</c> time).
/// </summary>
public sealed record RegisteredModel(string Id, string Directory, string OwnedBy, DateTimeOffset Created);
