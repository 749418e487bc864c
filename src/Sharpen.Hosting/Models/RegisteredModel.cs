namespace Sharpen.Hosting.Models;

/// <summary>
/// A model the server can serve: its id (a base model's folder name, or a fine-tuning job's <c>ft:…</c> name), the
/// folder it loads from (a model folder, a run folder or a checkpoint), who owns it and when it appeared.
/// </summary>
public sealed record RegisteredModel(string Id, string Directory, string OwnedBy, DateTimeOffset Created)
{
    /// <summary>The project a fine-tuned model belongs to (only its keys may use it); null for base models, open to all.</summary>
    public string? Project { get; init; }
}
