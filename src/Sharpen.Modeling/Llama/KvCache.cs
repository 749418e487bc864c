using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Keys and values of past positions, one preallocated buffer per layer of shape [B, kvHeads, capacity, headDim].
/// Appending writes into the buffer in place, so decoding one token costs one slice copy instead of a concatenation.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    public KvCache(int layers, long batch, int kvHeads, long capacity, int headDim, ScalarType dtype)
    {
        if (capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache needs room for at least one position.");
        }

        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        for (var i = 0; i < layers; i++)
        {
            _keys[i] = zeros(batch, kvHeads, capacity, headDim, dtype: dtype);
            _values[i] = zeros(batch, kvHeads, capacity, headDim, dtype: dtype);
        }

        Capacity = capacity;
    }

    /// <summary>Positions the cache can hold.</summary>
    public long Capacity { get; }

    /// <summary>Positions already stored (the next token's position).</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Stores <paramref name="key"/>/<paramref name="value"/> ([B, kvHeads, T, headDim]) at the current length for one
    /// layer and returns views over every stored position. <see cref="Advance"/> moves the length once all layers ran.
    /// </summary>
    public (Tensor Keys, Tensor Values) Update(int layer, Tensor key, Tensor value)
    {
        var length = key.shape[2];
        if (Length + length > Capacity)
        {
            throw new InvalidOperationException($"KV cache full: {Length} + {length} positions exceed its capacity of {Capacity}.");
        }

        using (no_grad())
        {
            _keys[layer].narrow(2, Length, length).copy_(key);
            _values[layer].narrow(2, Length, length).copy_(value);
        }

        return (_keys[layer].narrow(2, 0, Length + length), _values[layer].narrow(2, 0, Length + length));
    }

    /// <summary>Commits <paramref name="positions"/> new positions after every layer has called <see cref="Update"/>.</summary>
    public void Advance(long positions) => Length += positions;

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
        {
            t.Dispose();
        }
    }
}
