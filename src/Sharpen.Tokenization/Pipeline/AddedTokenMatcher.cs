using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Pipeline;

/// <summary>
/// Splits text around added tokens, leftmost-longest like the Hugging Face <c>AddedVocabulary</c>, honouring
/// <c>lstrip</c>, <c>rstrip</c> and <c>single_word</c>. Candidates are indexed by first character, so a scan costs one
/// dictionary probe per character plus a comparison only where a token could start.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ThenBy(t => t.Id).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>Appends the segments of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Split(string text, bool atStart, List<TextSegment> output)
    {
        if (IsEmpty)
        {
            if (text.Length > 0)
            {
                output.Add(new TextSegment(text, -1, atStart));
            }

            return;
        }

        var pending = 0; // start of text not yet emitted
        var i = 0;
        while (i < text.Length)
        {
            var match = MatchAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }

            var start = i;
            var stop = i + match.Content.Length;
            if (match.LeftStrip)
            {
                while (start > pending && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (match.RightStrip)
            {
                while (stop < text.Length && char.IsWhiteSpace(text[stop]))
                {
                    stop++;
                }
            }

            if (start > pending)
            {
                output.Add(new TextSegment(text[pending..start], -1, atStart && pending == 0));
            }

            output.Add(new TextSegment(null, match.Id, atStart && start == 0));
            pending = stop;
            i = stop;
        }

        if (pending < text.Length)
        {
            output.Add(new TextSegment(text[pending..], -1, atStart && pending == 0));
        }
    }

    private AddedToken? MatchAt(string text, int index)
    {
        if (!_byFirstChar.TryGetValue(text[index], out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (!text.AsSpan(index).StartsWith(candidate.Content, StringComparison.Ordinal))
            {
                continue;
            }

            if (candidate.SingleWord && !IsWholeWord(text, index, index + candidate.Content.Length))
            {
                continue;
            }

            return candidate;
        }

        return null;
    }

    private static bool IsWholeWord(string text, int start, int stop)
    {
        var before = start == 0 || !EndsWithWordRune(text.AsSpan(0, start));
        var after = stop == text.Length || !StartsWithWordRune(text.AsSpan(stop));
        return before && after;
    }

    private static bool EndsWithWordRune(ReadOnlySpan<char> text)
    {
        Rune.DecodeLastFromUtf16(text, out var rune, out _);
        return IsWordRune(rune);
    }

    private static bool StartsWithWordRune(ReadOnlySpan<char> text)
    {
        Rune.DecodeFromUtf16(text, out var rune, out _);
        return IsWordRune(rune);
    }

    private static bool IsWordRune(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
