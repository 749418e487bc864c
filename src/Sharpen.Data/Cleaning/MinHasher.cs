using Sharpen.Data.Randomness;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// MinHash signatures over word shingles (Broder, "On the resemblance and containment of documents", 1997): the
/// probability that two signatures agree at a position equals the Jaccard similarity of the two shingle sets. Each
/// shingle is hashed once to 64 bits; the permutations are multiply-shift hashes <c>(a·h + b) &gt;&gt; 32</c> with
/// fixed seeded coefficients, so signatures are identical across runs and machines.
/// </summary>
internal sealed class MinHasher
{
    private const ulong CoefficientSeed = 0x5EED_0F_5A4E_0001UL;
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly int _shingleSize;

    public MinHasher(int permutations, int shingleSize)
    {
        _shingleSize = shingleSize;
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        var random = new SplitMix64(CoefficientSeed);
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = random.Next() | 1UL;
            _b[i] = random.Next();
        }
    }

    public int Permutations => _a.Length;

    /// <summary>
    /// Fills <paramref name="signature"/> from space-separated, already normalised <paramref name="words"/>. Texts
    /// shorter than one shingle become a single shingle of all their words. Returns false for an empty text.
    /// </summary>
    public bool TryCompute(string words, Span<uint> signature)
    {
        signature.Fill(uint.MaxValue);
        Span<ulong> window = stackalloc ulong[_shingleSize];
        var count = 0;
        var start = 0;
        var any = false;
        for (var i = 0; i <= words.Length; i++)
        {
            if (i < words.Length && words[i] != ' ')
            {
                continue;
            }

            if (i > start)
            {
                window[count % _shingleSize] = WordHash(words.AsSpan(start, i - start));
                count++;
                if (count >= _shingleSize)
                {
                    Update(signature, ShingleHash(window, count));
                    any = true;
                }
            }

            start = i + 1;
        }

        if (!any && count > 0)
        {
            Update(signature, ShingleHash(window[..count], count));
            any = true;
        }

        return any;
    }

    private ulong ShingleHash(ReadOnlySpan<ulong> window, int count)
    {
        // Combine in reading order: the ring buffer's oldest entry sits at count % size.
        var h = 0x51A4_61E5UL;
        for (var j = 0; j < window.Length; j++)
        {
            h = SplitMix64.Mix(h ^ window[(count + j) % window.Length]);
        }

        return h;
    }

    private void Update(Span<uint> signature, ulong shingle)
    {
        var a = _a;
        var b = _b;
        for (var i = 0; i < signature.Length; i++)
        {
            var v = (uint)((a[i] * shingle + b[i]) >> 32);
            if (v < signature[i])
            {
                signature[i] = v;
            }
        }
    }

    private static ulong WordHash(ReadOnlySpan<char> word)
    {
        // FNV-1a over UTF-16 code units, finalised; stable across processes (string.GetHashCode is not).
        var h = 0xCBF29CE484222325UL;
        foreach (var c in word)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return SplitMix64.Mix(h);
    }
}
