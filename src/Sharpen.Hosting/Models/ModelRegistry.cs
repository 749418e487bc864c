using System.Collections.Concurrent;

namespace Sharpen.Hosting.Models;

/// <summary>
/// The models a server offers. Base models come from the data folder's <c>models/</c> (each sub-folder with a
/// <c>config.json</c> is a Hugging Face-layout model named after the folder) and from explicit registrations
/// (<c>sharpen serve --model NAME=PATH</c>), which win over a folder of the same name. The folder is re-read on each
/// listing, so a model imported while the server runs appears without a restart.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>The <c>owned_by</c> of base models.</summary>
    public const string BaseOwner = "sharpen";

    /// <summary>The prefix of fine-tuned model names (<c>ft:{base}:{project}:{suffix}:{id}</c>).</summary>
    public const string FineTunedPrefix = "ft:";

    private readonly string? _modelsDirectory;
    private readonly Func<string, RegisteredModel?>? _fineTuned;
    private readonly ConcurrentDictionary<string, RegisteredModel> _explicit = new(StringComparer.Ordinal);

    /// <param name="modelsDirectory">A folder of model folders, or null for explicit registrations only.</param>
    /// <param name="fineTuned">Resolves <c>ft:</c> names (the job store's fine-tuned models and checkpoints), or null.</param>
    public ModelRegistry(string? modelsDirectory, Func<string, RegisteredModel?>? fineTuned = null)
    {
        _modelsDirectory = modelsDirectory is null ? null : Path.GetFullPath(modelsDirectory);
        _fineTuned = fineTuned;
    }

    /// <summary>Registers the model folder <paramref name="directory"/> as <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The id is unusable or the folder is not a model folder.</exception>
    public RegisteredModel Register(string id, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"'{id}' is not a usable model id: no spaces or control characters.", nameof(id));
        }

        var full = Path.GetFullPath(directory);
        var config = Path.Combine(full, "config.json");
        if (!File.Exists(config))
        {
            throw new ArgumentException($"Model '{id}': {full} has no config.json (a Hugging Face-layout model folder is needed).", nameof(directory));
        }

        var model = new RegisteredModel(id, full, BaseOwner, Created(config));
        _explicit[id] = model;
        return model;
    }

    /// <summary>Every base model, sorted by id (fine-tuned models are listed per project by the job store).</summary>
    public IReadOnlyList<RegisteredModel> List()
    {
        var all = new Dictionary<string, RegisteredModel>(StringComparer.Ordinal);
        foreach (var model in FromFolder())
        {
            all[model.Id] = model;
        }

        foreach (var (id, model) in _explicit)
        {
            all[id] = model;
        }

        return [.. all.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>The model <paramref name="id"/>, or null.</summary>
    public RegisteredModel? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_explicit.TryGetValue(id, out var model))
        {
            return model;
        }

        if (id.StartsWith(FineTunedPrefix, StringComparison.Ordinal) && _fineTuned?.Invoke(id) is { } fineTuned)
        {
            return fineTuned;
        }

        // Only a plain folder name can name a folder model: no separators, no "..", nothing a client could steer outside models/.
        if (_modelsDirectory is null || id.Length == 0 || id is "." or ".." || id.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            return null;
        }

        var config = Path.Combine(_modelsDirectory, id, "config.json");
        return File.Exists(config) ? new RegisteredModel(id, Path.Combine(_modelsDirectory, id), BaseOwner, Created(config)) : null;
    }

    /// <summary>The model <paramref name="id"/>, or <see cref="ModelNotFoundException"/>.</summary>
    public RegisteredModel Get(string id) => Find(id) ?? throw new ModelNotFoundException(id);

    private IEnumerable<RegisteredModel> FromFolder()
    {
        if (_modelsDirectory is null || !Directory.Exists(_modelsDirectory))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(_modelsDirectory))
        {
            var config = Path.Combine(folder, "config.json");
            if (File.Exists(config))
            {
                yield return new RegisteredModel(Path.GetFileName(folder), folder, BaseOwner, Created(config));
            }
        }
    }

    private static DateTimeOffset Created(string configPath) =>
        DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(File.GetLastWriteTimeUtc(configPath), TimeSpan.Zero).ToUnixTimeSeconds());
}
