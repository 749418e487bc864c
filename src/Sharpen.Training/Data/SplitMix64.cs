namespace Sharpen.Training.Data;

/// <summary>
/// A tiny, fully specified random generator (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014) for the data order. Unlike <see cref="Random"/> its sequence is fixed by this code, not by the runtime,
/// so a run's order is reproducible across .NET versions and its state is one number a checkpoint can hold.
/// </summary>
internal sealed class SplitMix64(ulong state)
{
    public ulong State { get; private set; } = state;

    /// <summary>The generator for <paramref name="epoch"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static SplitMix64 ForEpoch(int seed, int epoch) => new(((ulong)(uint)seed << 32) | (uint)epoch);

    public ulong Next()
    {
        State += 0x9E3779B97F4A7C15UL;
        var z = State;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) (modulo bias below 2^-40 for the sizes used here).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)(Next() % (ulong)bound);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
