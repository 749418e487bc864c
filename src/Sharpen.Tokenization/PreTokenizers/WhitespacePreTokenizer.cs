using System.Text.RegularExpressions;

namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>Whitespace</c> (words are <c>\w+|[^\w\s]+</c>) and <c>WhitespaceSplit</c> (words are runs of
/// non-whitespace); whitespace itself is dropped.
/// </summary>
internal sealed class WhitespacePreTokenizer : IPreTokenizer
{
    private static readonly CodePointRegex s_words = new(new Regex(@"\w+|[^\w\s]+", RegexOptions.Compiled | RegexOptions.CultureInvariant));
    private static readonly CodePointRegex s_nonSpace = new(new Regex(@"\S+", RegexOptions.Compiled | RegexOptions.CultureInvariant));

    private readonly CodePointRegex _regex;

    public WhitespacePreTokenizer(bool splitOnlyOnWhitespace)
    {
        _regex = splitOnlyOnWhitespace ? s_nonSpace : s_words;
    }

    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var matches = new List<(int Start, int Length)>();
        _regex.Matches(piece, matches);
        foreach (var (start, length) in matches)
        {
            output.Add(piece.Substring(start, length));
        }
    }
}
