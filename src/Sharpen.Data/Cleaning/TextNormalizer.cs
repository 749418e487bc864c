using System.Buffers;
using System.Text;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// The normalisation behind exact-duplicate detection: Unicode NFKC (so "ﬁ" equals "fi" and full-width letters equal
/// ASCII) and whitespace runs collapsed to one space, trimmed.
/// </summary>
/// <remarks>
/// .NET delegates normalisation to ICU. A process running with <c>InvariantGlobalization</c> has no ICU and
/// <see cref="string.Normalize(NormalizationForm)"/> then leaves compatibility characters unchanged, silently.
/// <see cref="NfkcAvailable"/> probes for that once, and reports carry it, so the gap is visible rather than silent.
/// </remarks>
internal static class TextNormalizer
{
    /// <summary>True when the runtime really applies NFKC (ICU is loaded).</summary>
    // Every char with char.IsWhiteSpace true (Unicode White_Space: Zs, Zl, Zp, U+0009–U+000D, U+0085) except ' '.
    private static readonly SearchValues<char> s_whiteSpaceButSpace = SearchValues.Create(
        "\t\n\v\f\r\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    public static bool NfkcAvailable { get; } = "\uFB01".Normalize(NormalizationForm.FormKC) == "fi";

    public static string Normalize(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (NfkcAvailable && !IsAscii(text) && !text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }

        return CollapseWhitespace(text);
    }

    public static string CollapseWhitespace(string text)
    {
        // Already collapsed unless it starts or ends with white space, holds white space other than ' ', or a ' '
        // followed by more white space (only ' ' is left to check after the first search). Vectorised searches.
        var span = text.AsSpan();
        var needsWork = span.Length > 0 && (char.IsWhiteSpace(span[0]) || char.IsWhiteSpace(span[^1]))
            || span.IndexOfAny(s_whiteSpaceButSpace) >= 0
            || span.Contains("  ", StringComparison.Ordinal);

        if (!needsWork)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
            }
            else
            {
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsAscii(string text) => Ascii.IsValid(text);
}
