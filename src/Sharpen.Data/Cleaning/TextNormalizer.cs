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
        var needsWork = text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
        for (var i = 0; i < text.Length && !needsWork; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || (i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))))
            {
                needsWork = true;
            }
        }

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
