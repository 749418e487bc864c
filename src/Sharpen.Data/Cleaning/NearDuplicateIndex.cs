using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// Locality-sensitive hashing over MinHash signatures (Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets",
/// ch. 3.4): the signature is cut into <c>b</c> bands of <c>r</c> rows and two items become candidates when any band
/// agrees, which happens with probability <c>1 − (1 − J^r)^b</c>. Candidates are then confirmed by their estimated
/// Jaccard similarity. To keep memory small, only the low 8 bits of each MinHash value are kept
/// for that estimate ("b-bit minwise hashing", Li and König, 2010), corrected for chance agreement.
/// </summary>
/// <remarks>
/// Layout, chosen because a million-item index is bound by cache misses, not arithmetic: each band has an
/// open-addressing table (linear probing, at most 3/4 full, growing by half) of 12-byte slots, each a 64-bit band
/// key with the newest item holding it, so one probe is one cache line; older items with the same key are chained
/// through a flat <c>next</c> array. A query first touches the home slot of every band (independent loads the CPU
/// overlaps) and then probes; <see cref="FindOrAdd"/> remembers where each probe ended so adding costs no second
/// lookup. About 12 bytes per slot, 4 per chain link and 1 per permutation: 550–720 bytes per item at 128
/// permutations and 21 bands, against ~1.5 KB with a <c>Dictionary</c> per band.
/// </remarks>
internal sealed class NearDuplicateIndex
{
    private const int FingerprintBits = 8;
    private const int InitialCapacity = 1024;
    private readonly int _permutations;
    private readonly int _bands;
    private readonly int _rows;
    private readonly double _threshold;
    private readonly Slot[][] _tables;
    private readonly int[] _probeSlots;
    private readonly ulong[] _queryKeys;
    private readonly byte[] _queryFingerprint;
    private int _capacity = InitialCapacity;
    private int _used;
    private byte[] _fingerprints = new byte[1024];
    private int[] _next = new int[1024];
    private int[] _seen = new int[64];
    private int _count;
    private int _query;
    private ulong _touched;

    public NearDuplicateIndex(int permutations, double threshold)
    {
        _permutations = permutations;
        _threshold = threshold;
        (_bands, _rows) = ChooseBands(permutations, threshold);
        _tables = new Slot[_bands][];
        for (var i = 0; i < _bands; i++)
        {
            _tables[i] = new Slot[InitialCapacity];
        }

        _probeSlots = new int[_bands];
        _queryKeys = new ulong[_bands];
        _queryFingerprint = new byte[permutations];
    }

    public int Count => _count;

    public int Bands => _bands;

    public int Rows => _rows;

    /// <summary>
    /// Picks the most rows per band (fewest false candidates) that still makes a pair at exactly the threshold a
    /// candidate with probability at least 0.99.
    /// </summary>
    public static (int Bands, int Rows) ChooseBands(int permutations, double threshold)
    {
        var best = (Bands: permutations, Rows: 1);
        for (var rows = 1; rows <= permutations; rows++)
        {
            var bands = permutations / rows;
            var p = 1 - Math.Pow(1 - Math.Pow(threshold, rows), bands);
            if (p >= 0.99)
            {
                best = (bands, rows);
            }
        }

        return best;
    }

    /// <summary>
    /// Writes one key per band (<c>keys.Length</c> bands of <paramref name="rows"/> rows, as from
    /// <see cref="ChooseBands"/>). Static and pure, so the analysis computes keys on the thread that computes
    /// signatures and the index's own thread only looks them up.
    /// </summary>
    public static void ComputeBandKeys(ReadOnlySpan<uint> signature, int rows, Span<ulong> keys)
    {
        for (var band = 0; band < keys.Length; band++)
        {
            var h = 0x9E3779B97F4A7C15UL * (ulong)(band + 1);
            var start = band * rows;
            for (var i = start; i < start + rows; i++)
            {
                h = Randomness.SplitMix64.Mix(h ^ signature[i]);
            }

            keys[band] = h;
        }
    }

    /// <summary>The low 8 bits of each MinHash value: all the index keeps of a signature.</summary>
    public static void ComputeFingerprint(ReadOnlySpan<uint> signature, Span<byte> fingerprint)
    {
        for (var i = 0; i < signature.Length; i++)
        {
            fingerprint[i] = (byte)signature[i];
        }
    }

    /// <summary>The id of the most similar earlier item at or above the threshold, or -1; with its estimate.</summary>
    public int FindSimilar(ReadOnlySpan<uint> signature, out double similarity)
    {
        ComputeBandKeys(signature, _rows, _queryKeys);
        ComputeFingerprint(signature, _queryFingerprint);
        return Find(_queryFingerprint, _queryKeys, out similarity);
    }

    /// <summary>Adds an item and returns its id (0, 1, 2, ... in order of adding).</summary>
    public int Add(ReadOnlySpan<uint> signature)
    {
        ComputeBandKeys(signature, _rows, _queryKeys);
        ComputeFingerprint(signature, _queryFingerprint);
        Probe(_queryKeys);
        return Insert(_queryFingerprint, _queryKeys);
    }

    /// <summary>
    /// <see cref="FindSimilar"/> from precomputed rows (<see cref="ComputeFingerprint"/>,
    /// <see cref="ComputeBandKeys"/>); when nothing is similar enough the item is added (its id is then
    /// <see cref="Count"/> − 1) and -1 returned. Same answer as FindSimilar followed by Add, one lookup less.
    /// </summary>
    public int FindOrAdd(ReadOnlySpan<byte> fingerprint, ReadOnlySpan<ulong> bandKeys, out double similarity)
    {
        var match = Find(fingerprint, bandKeys, out similarity);
        if (match < 0)
        {
            Insert(fingerprint, bandKeys);
        }

        return match;
    }

    private int Find(ReadOnlySpan<byte> fingerprint, ReadOnlySpan<ulong> bandKeys, out double similarity)
    {
        Probe(bandKeys);
        if (++_query == int.MaxValue)
        {
            Array.Clear(_seen);
            _query = 1;
        }

        similarity = 0;
        var best = -1;
        var seen = _seen;
        var next = _next;
        for (var band = 0; band < _bands; band++)
        {
            // The answer is the best candidate over the union of all bands' chains, so visiting order does not matter.
            for (var candidate = _tables[band][_probeSlots[band]].Head - 1; candidate >= 0; candidate = next[candidate * _bands + band])
            {
                if (seen[candidate] == _query)
                {
                    continue;
                }

                seen[candidate] = _query;
                var estimate = Estimate(fingerprint, candidate);
                if (estimate >= _threshold && (estimate > similarity || (estimate == similarity && candidate < best)))
                {
                    similarity = estimate;
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>Finds, per band, the slot holding the key or the empty slot where it would go.</summary>
    private void Probe(ReadOnlySpan<ulong> bandKeys)
    {
        var capacity = _capacity;
        var slots = _probeSlots.AsSpan(0, _bands);

        // Touch every band's home slot first: independent cache misses that the CPU serves in parallel.
        ulong touched = 0;
        for (var band = 0; band < _bands; band++)
        {
            var home = Home(bandKeys[band], capacity);
            slots[band] = home;
            touched += Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_tables[band]), home).Key;
        }

        _touched = touched;
        for (var band = 0; band < _bands; band++)
        {
            var table = _tables[band];
            var key = bandKeys[band];
            var slot = slots[band];
            while (table[slot].Head != 0 && table[slot].Key != key)
            {
                slot = slot + 1 == capacity ? 0 : slot + 1;
            }

            slots[band] = slot;
        }
    }

    /// <summary>Adds an item using the slots of the <see cref="Probe"/> just made with the same keys.</summary>
    private int Insert(ReadOnlySpan<byte> fingerprint, ReadOnlySpan<ulong> bandKeys)
    {
        var id = _count++;
        EnsureItemCapacity(_count);
        fingerprint.CopyTo(_fingerprints.AsSpan(id * _permutations, _permutations));

        var anyNew = false;
        for (var band = 0; band < _bands; band++)
        {
            ref var slot = ref _tables[band][_probeSlots[band]];
            if (slot.Head == 0)
            {
                slot.Key = bandKeys[band];
                anyNew = true;
            }

            _next[id * _bands + band] = slot.Head - 1;
            slot.Head = id + 1;
        }

        // A band's table gains at most one key per item, so items that brought any new key bound every table's load.
        _used += anyNew ? 1 : 0;
        if (_used * 4L > _capacity * 3L)
        {
            Grow();
        }

        return id;
    }

    private void EnsureItemCapacity(int items)
    {
        if (items > _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(items, _seen.Length * 3 / 2));
        }

        if ((long)items * _permutations > _fingerprints.Length)
        {
            Array.Resize(ref _fingerprints, (int)Math.Min(Array.MaxLength, Math.Max((long)items * _permutations, _fingerprints.Length * 3L / 2)));
        }

        if ((long)items * _bands > _next.Length)
        {
            Array.Resize(ref _next, (int)Math.Min(Array.MaxLength, Math.Max((long)items * _bands, _next.Length * 3L / 2)));
        }
    }

    private void Grow()
    {
        // Grow by half, not double: less idle space at any size and a smaller peak while both tables exist.
        var capacity = (int)Math.Min(Array.MaxLength, _capacity + (long)(_capacity / 2));
        _capacity = capacity;
        for (var band = 0; band < _bands; band++)
        {
            var old = _tables[band];
            var table = new Slot[capacity];
            foreach (var entry in old)
            {
                if (entry.Head == 0)
                {
                    continue;
                }

                var slot = Home(entry.Key, capacity);
                while (table[slot].Head != 0)
                {
                    slot = slot + 1 == capacity ? 0 : slot + 1;
                }

                table[slot] = entry;
            }

            _tables[band] = table;
        }
    }

    /// <summary>Maps a (well mixed) key onto [0, capacity) by the high half of key × capacity (Lemire's fast range).</summary>
    private static int Home(ulong key, int capacity) => (int)Math.BigMul(key, (ulong)capacity, out _);

    private double Estimate(ReadOnlySpan<byte> fingerprint, int candidate)
    {
        var stored = _fingerprints.AsSpan(candidate * _permutations, _permutations);
        var matches = 0;
        for (var i = 0; i < stored.Length; i++)
        {
            if (fingerprint[i] == stored[i])
            {
                matches++;
            }
        }

        const double chance = 1.0 / (1 << FingerprintBits);
        return Math.Max(0, ((double)matches / _permutations - chance) / (1 - chance));
    }

    /// <summary>A band key and the newest item with it (id + 1; 0 marks an empty slot). Packed to 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Slot
    {
        public ulong Key;
        public int Head;
    }
}
