using System.Collections.Concurrent;

namespace Sharpen.Tokenization.Models;

/// <summary>
/// Remembers the ids of recently seen words. Natural text repeats a small set of words, so data preparation over
/// millions of rows mostly hits the cache. Bounded: once full it stops growing (as the Hugging Face BPE cache does)
/// rather than evicting, which keeps lookups lock-free. Safe for concurrent encoders.
/// </summary>
internal sealed class WordCache(int capacity = 100_000, int maxWordLength = 64)
{
    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string word, out int[] ids)
    {
        if (word.Length > maxWordLength)
        {
            ids = [];
            return false;
        }

        return _entries.TryGetValue(word, out ids!);
    }

    public void Add(string word, int[] ids)
    {
        if (word.Length <= maxWordLength && _entries.Count < capacity)
        {
            _entries.TryAdd(word, ids);
        }
    }
}
