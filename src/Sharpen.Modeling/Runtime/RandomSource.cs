using static TorchSharp.torch;

namespace Sharpen.Modeling.Runtime;

/// <summary>
/// The generator that random draws in model code (dropout keys, activation checkpointing's replay) come from: torch's
/// default generator, unless the calling thread has put its own in place with <see cref="Use"/>. Data-parallel training
/// gives each worker thread a generator seeded from the default one in a fixed order, so what a worker draws does not
/// depend on how the threads interleave; everywhere else nothing is set and the default generator governs as before.
/// </summary>
public static class RandomSource
{
    [ThreadStatic]
    private static Generator? _thread;

    /// <summary>Makes <paramref name="generator"/> the calling thread's source until the returned scope is disposed.</summary>
    public static IDisposable Use(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var previous = _thread;
        _thread = generator;
        return new Restore(previous);
    }

    /// <summary>A uniform 62-bit draw (non-negative as a long).</summary>
    public static ulong NextKey()
    {
        using var draw = randint(0, 1L << 62, [1], dtype: ScalarType.Int64, generator: _thread);
        return (ulong)draw.item<long>();
    }

    /// <summary>The current source's state (libtorch's byte layout).</summary>
    public static byte[] GetState()
    {
        using var state = _thread is null ? get_rng_state() : _thread.get_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>Puts the current source back to <paramref name="state"/> (from <see cref="GetState"/>).</summary>
    public static void SetState(byte[] state)
    {
        using var bytes = tensor(state, ScalarType.Byte);
        if (_thread is null)
        {
            set_rng_state(bytes);
        }
        else
        {
            _thread.set_state(bytes);
        }
    }

    private sealed class Restore(Generator? previous) : IDisposable
    {
        public void Dispose() => _thread = previous;
    }
}
