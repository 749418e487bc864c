using Sharpen.Hosting.Models;
using static TorchSharp.torch;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// Models loaded on demand and kept in a bounded least-recently-used cache. <see cref="AcquireAsync"/> waits its turn
/// for a model (requests on one model run one at a time, in arrival order), loads it on first use, and evicts the
/// least recently used idle models beyond <see cref="Capacity"/>. A model that is in use or awaited is never evicted,
/// so under load more than <see cref="Capacity"/> models can be resident until their requests finish.
/// </summary>
public sealed class ModelCache : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly Func<RegisteredModel, ServedModel> _load;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;
    private bool _disposed;

    /// <param name="registry">Where model ids are resolved.</param>
    /// <param name="capacity">How many models to keep loaded when idle (at least 1).</param>
    /// <param name="dtype">Precision to load weights in.</param>
    public ModelCache(ModelRegistry registry, int capacity, ScalarType dtype = ScalarType.Float32)
        : this(registry, capacity, model => Load(model, dtype))
    {
    }

    internal ModelCache(ModelRegistry registry, int capacity, Func<RegisteredModel, ServedModel> load)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _registry = registry;
        _load = load;
        Capacity = capacity;
    }

    /// <summary>Idle models kept loaded.</summary>
    public int Capacity { get; }

    /// <summary>Ids of the models loaded now, most recently used first.</summary>
    public IReadOnlyList<string> LoadedModelIds
    {
        get
        {
            lock (_sync)
            {
                return [.. _entries.Values.Where(e => e.Model is not null).OrderByDescending(e => e.LastUsed).Select(e => e.Registration.Id)];
            }
        }
    }

    /// <summary>
    /// Waits for exclusive use of <paramref name="modelId"/>, loading it if needed.
    /// </summary>
    /// <exception cref="ModelNotFoundException">The registry has no such model.</exception>
    public async Task<ModelLease> AcquireAsync(string modelId, CancellationToken cancellationToken = default)
    {
        var registration = _registry.Get(modelId);
        Entry entry;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(modelId, out entry!) || entry.Registration.Directory != registration.Directory)
            {
                if (entry is not null)
                {
                    // Re-registered under another folder: the old instance goes once its users are done.
                    _entries.Remove(modelId);
                    entry.Evicted = true;
                }

                entry = new Entry(registration);
                _entries[modelId] = entry;
            }

            entry.Users++;
            entry.LastUsed = ++_clock;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(entry, holdsGate: false);
            throw;
        }

        try
        {
            // The first holder loads; a failed load leaves the entry empty so the next request tries again.
            entry.Model ??= await Task.Run(() => _load(entry.Registration), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(entry, holdsGate: true);
            throw;
        }

        EvictIdle();
        return new ModelLease(entry.Model, () => Release(entry, holdsGate: true));
    }

    public void Dispose()
    {
        List<Entry> entries;
        lock (_sync)
        {
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Model?.Dispose();
        }
    }

    private static ServedModel Load(RegisteredModel registration, ScalarType dtype)
    {
        var model = ModelLoader.Load(registration.Directory, dtype);
        return new ServedModel(registration, model);
    }

    private void Release(Entry entry, bool holdsGate)
    {
        if (holdsGate)
        {
            entry.Gate.Release();
        }

        ServedModel? dispose = null;
        lock (_sync)
        {
            entry.Users--;
            if (entry.Evicted && entry.Users == 0)
            {
                dispose = entry.Model;
                entry.Model = null;
            }
        }

        dispose?.Dispose();
        EvictIdle();
    }

    private void EvictIdle()
    {
        var evicted = new List<ServedModel>();
        lock (_sync)
        {
            var loaded = _entries.Values.Where(e => e.Model is not null).ToList();
            var excess = loaded.Count - Capacity;
            foreach (var entry in loaded.Where(e => e.Users == 0).OrderBy(e => e.LastUsed))
            {
                if (excess <= 0)
                {
                    break;
                }

                _entries.Remove(entry.Registration.Id);
                entry.Evicted = true;
                evicted.Add(entry.Model!);
                entry.Model = null;
                excess--;
            }
        }

        foreach (var model in evicted)
        {
            model.Dispose();
        }
    }

    private sealed class Entry(RegisteredModel registration)
    {
        public RegisteredModel Registration { get; } = registration;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ServedModel? Model { get; set; }

        public int Users { get; set; }

        public long LastUsed { get; set; }

        public bool Evicted { get; set; }
    }
}
