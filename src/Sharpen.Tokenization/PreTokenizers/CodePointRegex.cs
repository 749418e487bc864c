using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Finds regex matches the way the Rust <c>regex</c>/Oniguruma engines of Hugging Face <c>tokenizers</c> do: per
/// Unicode code point. .NET regexes see UTF-16 code units, so an astral letter such as U+1D400 would be two
/// surrogates that are neither <c>\p{L}</c> nor <c>\p{N}</c>. When the text holds surrogate pairs each one is
/// replaced by a single BMP stand-in of the same general category, the regex runs on that, and the match offsets are
/// mapped back. Text without surrogates (the common case) runs directly.
/// </summary>
internal sealed class CodePointRegex(Regex regex)
{
    // One BMP character per general category; a test checks each stand-in really has its category.
    private static readonly char[] s_standIns = BuildStandIns();

    public Regex Regex { get; } = regex;

    /// <summary>Appends (start, length) of every non-empty match in <paramref name="text"/>.</summary>
    public void Matches(string text, List<(int Start, int Length)> output)
    {
        if (!ContainsSurrogatePair(text))
        {
            foreach (var match in Regex.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    output.Add((match.Index, match.Length));
                }
            }

            return;
        }

        var mapped = new StringBuilder(text.Length);
        var originalIndex = new List<int>(text.Length + 1);
        var i = 0;
        while (i < text.Length)
        {
            originalIndex.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                mapped.Append(StandIn(category));
                i += 2;
            }
            else
            {
                mapped.Append(text[i]);
                i++;
            }
        }

        originalIndex.Add(text.Length);
        foreach (var match in Regex.EnumerateMatches(mapped.ToString()))
        {
            if (match.Length > 0)
            {
                var start = originalIndex[match.Index];
                output.Add((start, originalIndex[match.Index + match.Length] - start));
            }
        }
    }

    internal static char StandIn(UnicodeCategory category) => s_standIns[(int)category];

    private static bool ContainsSurrogatePair(string text)
    {
        // Any surrogate at all sends the text down the mapping path; lone surrogates are copied through unchanged.
        return text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
    }

    private static char[] BuildStandIns()
    {
        var table = new char[(int)UnicodeCategory.OtherNotAssigned + 1];
        table[(int)UnicodeCategory.UppercaseLetter] = '\u00C0';
        table[(int)UnicodeCategory.LowercaseLetter] = '\u00E0';
        table[(int)UnicodeCategory.TitlecaseLetter] = '\u01C5';
        table[(int)UnicodeCategory.ModifierLetter] = '\u02B0';
        table[(int)UnicodeCategory.OtherLetter] = '\u05D0';
        table[(int)UnicodeCategory.NonSpacingMark] = '\u0300';
        table[(int)UnicodeCategory.SpacingCombiningMark] = '\u0903';
        table[(int)UnicodeCategory.EnclosingMark] = '\u0488';
        table[(int)UnicodeCategory.DecimalDigitNumber] = '\u0660';
        table[(int)UnicodeCategory.LetterNumber] = '\u2160';
        table[(int)UnicodeCategory.OtherNumber] = '\u00B2';
        table[(int)UnicodeCategory.SpaceSeparator] = '\u2002';
        table[(int)UnicodeCategory.LineSeparator] = '\u2028';
        table[(int)UnicodeCategory.ParagraphSeparator] = '\u2029';
        table[(int)UnicodeCategory.Control] = '\u0001';
        table[(int)UnicodeCategory.Format] = '\u200B';
        table[(int)UnicodeCategory.Surrogate] = '\uFFFD';
        table[(int)UnicodeCategory.PrivateUse] = '\uE000';
        table[(int)UnicodeCategory.ConnectorPunctuation] = '\u203F';
        table[(int)UnicodeCategory.DashPunctuation] = '\u2010';
        table[(int)UnicodeCategory.OpenPunctuation] = '\u2045';
        table[(int)UnicodeCategory.ClosePunctuation] = '\u2046';
        table[(int)UnicodeCategory.InitialQuotePunctuation] = '\u00AB';
        table[(int)UnicodeCategory.FinalQuotePunctuation] = '\u00BB';
        table[(int)UnicodeCategory.OtherPunctuation] = '\u00A1';
        table[(int)UnicodeCategory.MathSymbol] = '\u00D7';
        table[(int)UnicodeCategory.CurrencySymbol] = '\u00A2';
        table[(int)UnicodeCategory.ModifierSymbol] = '\u00B4';
        table[(int)UnicodeCategory.OtherSymbol] = '\u00A6';
        table[(int)UnicodeCategory.OtherNotAssigned] = '\u0378';
        return table;
    }
}
