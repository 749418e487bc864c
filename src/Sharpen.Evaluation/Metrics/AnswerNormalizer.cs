using System.Text;
using System.Text.RegularExpressions;

namespace Sharpen.Evaluation.Metrics;

/// <summary>
/// The answer normalisation of the official SQuAD v1.1 evaluation script (<c>normalize_answer</c>): lower-case, drop
/// ASCII punctuation, drop the articles a/an/the, collapse whitespace. Used by normalised exact match and token F1.
/// </summary>
public static partial class AnswerNormalizer
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var noPunctuation = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (!IsAsciiPunctuation(c))
            {
                noPunctuation.Append(c);
            }
        }

        var noArticles = Articles().Replace(noPunctuation.ToString(), " ");
        return string.Join(' ', noArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Python's <c>string.punctuation</c>: <c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>.</summary>
    private static bool IsAsciiPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();
}
