namespace Sharpen.Data.Cleaning;

/// <summary>
/// What <see cref="NearDuplicateIndex"/> needs of one MinHash signature, computed away from the index's thread: the
/// low 8 bits of every value (the b-bit fingerprint it stores and compares) and one key per LSH band. 128 + 8·bands
/// bytes instead of the 4·permutations of the full signature.
/// </summary>
internal sealed class MinHashRows
{
    private MinHashRows(byte[] fingerprint, ulong[] bandKeys)
    {
        Fingerprint = fingerprint;
        BandKeys = bandKeys;
    }

    public byte[] Fingerprint { get; }

    public ulong[] BandKeys { get; }

    /// <summary>Cuts <paramref name="signature"/> into <paramref name="bands"/> bands of <paramref name="rows"/> rows.</summary>
    public static MinHashRows From(ReadOnlySpan<uint> signature, int bands, int rows)
    {
        var fingerprint = new byte[signature.Length];
        NearDuplicateIndex.ComputeFingerprint(signature, fingerprint);
        var keys = new ulong[bands];
        NearDuplicateIndex.ComputeBandKeys(signature, rows, keys);
        return new MinHashRows(fingerprint, keys);
    }
}
