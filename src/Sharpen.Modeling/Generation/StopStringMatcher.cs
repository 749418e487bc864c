namespace Sharpen.Modeling.Generation;

/// <summary>Finds stop strings in generated text and says how much of the tail might still grow into one.</summary>
public sealed class StopStringMatcher(IReadOnlyList<string> stops)
{
    /// <summary>Length of the longest stop string (0 without stop strings).</summary>
    public int LongestLength { get; } = stops.Count == 0 ? 0 : stops.Max(s => s.Length);

    /// <summary>Index of the earliest stop string at or after <paramref name="from"/>, or -1.</summary>
    public int FindFirst(string text, int from)
    {
        ArgumentNullException.ThrowIfNull(text);
        var best = -1;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, Math.Min(from, text.Length), StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    /// <summary>Length of the longest suffix of <paramref name="text"/> that is a proper prefix of a stop string.</summary>
    public int HeldBackLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var held = 0;
        foreach (var stop in stops)
        {
            for (var n = Math.Min(stop.Length - 1, text.Length); n > held; n--)
            {
                if (string.CompareOrdinal(text, text.Length - n, stop, 0, n) == 0)
                {
                    held = n;
                    break;
                }
            }
        }

        return held;
    }
}
