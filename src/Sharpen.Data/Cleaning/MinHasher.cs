using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private readonly uint[] _a;
    private readonly uint[] _b;
    private readonly int _shingleSize;

    public MinHasher(int permutations, int shingleSize)
    {
        _shingleSize = shingleSize;
        _a = new uint[permutations];
        _b = new uint[permutations];
        var random = new SplitMix64(CoefficientSeed);
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = (uint)random.Next() | 1U;
            _b[i] = (uint)random.Next();
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
        var x = (uint)shingle ^ (uint)(shingle >> 32);
        ref var a = ref MemoryMarshal.GetArrayDataReference(_a);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_b);
        ref var sig = ref MemoryMarshal.GetReference(signature);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vx = Vector512.Create(x);
            for (; i + 16 <= signature.Length; i += 16)
            {
                var v = Mix(Vector512.LoadUnsafe(ref a, (nuint)i) * vx + Vector512.LoadUnsafe(ref b, (nuint)i));
                Vector512.Min(Vector512.LoadUnsafe(ref sig, (nuint)i), v).StoreUnsafe(ref sig, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var vx = Vector256.Create(x);
            for (; i + 8 <= signature.Length; i += 8)
            {
                var v = Mix(Vector256.LoadUnsafe(ref a, (nuint)i) * vx + Vector256.LoadUnsafe(ref b, (nuint)i));
                Vector256.Min(Vector256.LoadUnsafe(ref sig, (nuint)i), v).StoreUnsafe(ref sig, (nuint)i);
            }
        }

        for (; i < signature.Length; i++)
        {
            var v = Mix(Unsafe.Add(ref a, i) * x + Unsafe.Add(ref b, i));
            if (v < Unsafe.Add(ref sig, i))
            {
                Unsafe.Add(ref sig, i) = v;
            }
        }
    }

    // MurmurHash3 fmix32 (Appleby): a bijection that spreads every input bit over the output.
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6BU;
        h ^= h >> 13;
        h *= 0xC2B2AE35U;
        return h ^ (h >> 16);
    }

    private static Vector512<uint> Mix(Vector512<uint> h)
    {
        h ^= Vector512.ShiftRightLogical(h, 16);
        h *= Vector512.Create(0x85EBCA6BU);
        h ^= Vector512.ShiftRightLogical(h, 13);
        h *= Vector512.Create(0xC2B2AE35U);
        return h ^ Vector512.ShiftRightLogical(h, 16);
    }

    private static Vector256<uint> Mix(Vector256<uint> h)
    {
        h ^= Vector256.ShiftRightLogical(h, 16);
        h *= Vector256.Create(0x85EBCA6BU);
        h ^= Vector256.ShiftRightLogical(h, 13);
        h *= Vector256.Create(0xC2B2AE35U);
        return h ^ Vector256.ShiftRightLogical(h, 16);
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
