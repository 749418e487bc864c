using System.Collections.Frozen;
using System.Text;

namespace Sharpen.Tokenization.Normalizers;

/// <summary>
/// Unicode canonical normalization (NFC and NFD, UAX #15) from built-in tables. The repository runs with
/// InvariantGlobalization, where <see cref="string.Normalize()"/> leaves non-ASCII text alone, and tokenization
/// must not depend on the machine's ICU version anyway. Text below U+0300 is already normalized and returned as is.
/// </summary>
internal static class CanonicalNormalizer
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<Tables> s_tables = new(Tables.Build);

    public static string Normalize(string text, bool compose)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u02FF'))
        {
            return text;
        }

        var tables = s_tables.Value;
        var codePoints = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, tables, codePoints);
        }

        ReorderByCombiningClass(codePoints, tables);
        if (compose)
        {
            Compose(codePoints, tables);
        }

        var builder = new StringBuilder(codePoints.Count + 4);
        foreach (var cp in codePoints)
        {
            builder.Append(new Rune(cp).ToString());
        }

        return builder.ToString();
    }

    private static void Decompose(int cp, Tables tables, List<int> output)
    {
        var sIndex = cp - HangulSBase;
        if (sIndex is >= 0 and < HangulSCount)
        {
            output.Add(HangulLBase + sIndex / HangulNCount);
            output.Add(HangulVBase + sIndex % HangulNCount / HangulTCount);
            if (sIndex % HangulTCount != 0)
            {
                output.Add(HangulTBase + sIndex % HangulTCount);
            }

            return;
        }

        if (tables.Decompositions.TryGetValue(cp, out var parts))
        {
            Decompose(parts.First, tables, output);
            if (parts.Second != 0)
            {
                Decompose(parts.Second, tables, output);
            }

            return;
        }

        output.Add(cp);
    }

    /// <summary>Canonical ordering: a stable sort of each run of non-starters by combining class.</summary>
    private static void ReorderByCombiningClass(List<int> cps, Tables tables)
    {
        for (var i = 1; i < cps.Count; i++)
        {
            var cc = tables.Class(cps[i]);
            if (cc == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && tables.Class(cps[j - 1]) > cc)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    /// <summary>Canonical composition: each character joins the last starter unless a character between blocks it.</summary>
    private static void Compose(List<int> cps, Tables tables)
    {
        var output = new List<int>(cps.Count);
        var starter = -1;
        var lastClass = 0;
        foreach (var cp in cps)
        {
            var cc = tables.Class(cp);
            if (starter >= 0)
            {
                var adjacent = output.Count - 1 == starter;
                var blocked = !adjacent && (lastClass == 0 || lastClass >= cc);
                if (!blocked && TryCompose(output[starter], cp, tables, out var composite))
                {
                    output[starter] = composite;
                    continue;
                }
            }

            if (cc == 0)
            {
                starter = output.Count;
            }

            lastClass = cc;
            output.Add(cp);
        }

        cps.Clear();
        cps.AddRange(output);
    }

    private static bool TryCompose(int first, int second, Tables tables, out int composite)
    {
        var lIndex = first - HangulLBase;
        var vIndex = second - HangulVBase;
        if (lIndex is >= 0 and < HangulLCount && vIndex is >= 0 and < HangulVCount)
        {
            composite = HangulSBase + (lIndex * HangulVCount + vIndex) * HangulTCount;
            return true;
        }

        var sIndex = first - HangulSBase;
        var tIndex = second - HangulTBase;
        if (sIndex is >= 0 and < HangulSCount && sIndex % HangulTCount == 0 && tIndex is > 0 and < HangulTCount)
        {
            composite = first + tIndex;
            return true;
        }

        return tables.Compositions.TryGetValue(((long)first << 32) | (uint)second, out composite);
    }

    private sealed class Tables
    {
        public required FrozenDictionary<int, byte> Classes { get; init; }

        public required FrozenDictionary<int, (int First, int Second)> Decompositions { get; init; }

        public required FrozenDictionary<long, int> Compositions { get; init; }

        public int Class(int cp) => cp < 0x300 ? 0 : Classes.GetValueOrDefault(cp);

        public static Tables Build()
        {
            var classes = new Dictionary<int, byte>();
            var data = CanonicalNormalizationData.CombiningClasses;
            for (var i = 0; i < data.Length; i += 2)
            {
                classes[data[i]] = (byte)data[i + 1];
            }

            var decompositions = new Dictionary<int, (int, int)>();
            data = CanonicalNormalizationData.Decompositions;
            for (var i = 0; i < data.Length; i += 3)
            {
                decompositions[data[i]] = (data[i + 1], data[i + 2]);
            }

            var compositions = new Dictionary<long, int>();
            data = CanonicalNormalizationData.Compositions;
            for (var i = 0; i < data.Length; i += 3)
            {
                compositions[((long)data[i] << 32) | (uint)data[i + 1]] = data[i + 2];
            }

            return new Tables
            {
                Classes = classes.ToFrozenDictionary(),
                Decompositions = decompositions.ToFrozenDictionary(),
                Compositions = compositions.ToFrozenDictionary(),
            };
        }
    }
}
