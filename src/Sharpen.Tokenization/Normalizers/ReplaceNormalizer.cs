using System.Text.RegularExpressions;

namespace Sharpen.Tokenization.Normalizers;

/// <summary>
/// Replaces every occurrence of a literal string or a regular expression (Hugging Face <c>Replace</c>), for example
/// the SentencePiece-style <c>" " → "▁"</c> or the whitespace clean-up <c>^ +| +$ → ""</c>.
/// </summary>
internal sealed class ReplaceNormalizer : INormalizer
{
    private readonly string? _literal;
    private readonly Regex? _regex;
    private readonly string _content;

    private ReplaceNormalizer(string? literal, Regex? regex, string content)
    {
        _literal = literal;
        _regex = regex;
        _content = content;
    }

    public static ReplaceNormalizer Literal(string pattern, string content) => new(pattern, null, content);

    public static ReplaceNormalizer Pattern(Regex pattern, string content) => new(null, pattern, content);

    public string Normalize(string text)
    {
        if (_regex is not null)
        {
            // The replacement is literal text, never a substitution pattern ("$1" must stay "$1").
            return _regex.Replace(text, _ => _content);
        }

        return _literal!.Length == 0 ? text : text.Replace(_literal, _content, StringComparison.Ordinal);
    }
}
