namespace Sharpen.Hosting.Inference;

/// <summary>
/// Exclusive use of a cached model until disposed: a model instance keeps no per-request state outside the KV cache,
/// but its tokenizer's caches and libtorch's intra-op threads are not meant to be shared, so one request runs on it
/// at a time. While leased, the model is never evicted.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private Action? _release;

    internal ModelLease(ServedModel model, Action release)
    {
        Model = model;
        _release = release;
    }

    public ServedModel Model { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
