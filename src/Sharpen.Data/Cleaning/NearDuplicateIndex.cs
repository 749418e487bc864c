namespace Sharpen.Data.Cleaning;

/// <summary>
/// Locality-sensitive hashing over MinHash signatures (Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets",
/// ch. 3.4): the signature is cut into <c>b</c> bands of <c>r</c> rows and two items become candidates when any band
/// agrees, which happens with probability <c>1 − (1 − J^r)^b</c>. Candidates are then confirmed by their estimated
/// Jaccard similarity. To keep memory near 100 bytes per item, only the low 8 bits of each MinHash value are kept
/// for that estimate ("b-bit minwise hashing", Li and König, 2010), corrected for chance agreement.
/// </summary>
internal sealed class NearDuplicateIndex
{
    private const int FingerprintBits = 8;
    private readonly int _permutations;
    private readonly int _bands;
    private readonly int _rows;
    private readonly double _threshold;
    private readonly Dictionary<ulong, int>[] _heads;
    private byte[] _fingerprints = new byte[1024];
    private readonly List<int> _next = [];
    private readonly List<int> _seen = [];
    private int _query;

    public NearDuplicateIndex(int permutations, double threshold)
    {
        _permutations = permutations;
        _threshold = threshold;
        (_bands, _rows) = ChooseBands(permutations, threshold);
        _heads = new Dictionary<ulong, int>[_bands];
        for (var i = 0; i < _bands; i++)
        {
            _heads[i] = [];
        }
    }

    public int Count => _seen.Count;

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

    /// <summary>The id of the most similar earlier item at or above the threshold, or -1; with its estimate.</summary>
    public int FindSimilar(ReadOnlySpan<uint> signature, out double similarity)
    {
        _query++;
        similarity = 0;
        var best = -1;
        for (var band = 0; band < _bands; band++)
        {
            if (!_heads[band].TryGetValue(BandKey(signature, band), out var candidate))
            {
                continue;
            }

            for (; candidate >= 0; candidate = _next[candidate * _bands + band])
            {
                if (_seen[candidate] == _query)
                {
                    continue;
                }

                _seen[candidate] = _query;
                var estimate = Estimate(signature, candidate);
                if (estimate >= _threshold && (estimate > similarity || (estimate == similarity && candidate < best)))
                {
                    similarity = estimate;
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>Adds an item and returns its id (0, 1, 2, ... in order of adding).</summary>
    public int Add(ReadOnlySpan<uint> signature)
    {
        var id = _seen.Count;
        _seen.Add(0);
        var offset = id * _permutations;
        if (offset + _permutations > _fingerprints.Length)
        {
            Array.Resize(ref _fingerprints, Math.Max(_fingerprints.Length * 2, offset + _permutations));
        }

        for (var i = 0; i < _permutations; i++)
        {
            _fingerprints[offset + i] = (byte)signature[i];
        }

        for (var band = 0; band < _bands; band++)
        {
            var key = BandKey(signature, band);
            _next.Add(_heads[band].TryGetValue(key, out var head) ? head : -1);
            _heads[band][key] = id;
        }

        return id;
    }

    private double Estimate(ReadOnlySpan<uint> signature, int candidate)
    {
        var offset = candidate * _permutations;
        var matches = 0;
        for (var i = 0; i < _permutations; i++)
        {
            if ((byte)signature[i] == _fingerprints[offset + i])
            {
                matches++;
            }
        }

        const double chance = 1.0 / (1 << FingerprintBits);
        return Math.Max(0, ((double)matches / _permutations - chance) / (1 - chance));
    }

    private ulong BandKey(ReadOnlySpan<uint> signature, int band)
    {
        var h = 0x9E3779B97F4A7C15UL * (ulong)(band + 1);
        var start = band * _rows;
        for (var i = start; i < start + _rows; i++)
        {
            h = Randomness.SplitMix64.Mix(h ^ signature[i]);
        }

        return h;
    }
}
