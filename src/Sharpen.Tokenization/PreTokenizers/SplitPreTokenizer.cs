namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Splits on a literal string or regex with a delimiter behaviour (Hugging Face <c>Split</c>); this is where the
/// GPT-2, Llama-3 and Qwen2 word patterns live. With <c>invert</c> the matches are the words and the gaps the
/// delimiters.
/// </summary>
internal sealed class SplitPreTokenizer : IPreTokenizer
{
    private readonly CodePointRegex? _regex;
    private readonly string? _literal;
    private readonly SplitBehavior _behavior;
    private readonly bool _invert;

    private SplitPreTokenizer(CodePointRegex? regex, string? literal, SplitBehavior behavior, bool invert)
    {
        _regex = regex;
        _literal = literal;
        _behavior = behavior;
        _invert = invert;
    }

    public static SplitPreTokenizer Pattern(CodePointRegex regex, SplitBehavior behavior, bool invert) =>
        new(regex, null, behavior, invert);

    public static SplitPreTokenizer Literal(string literal, SplitBehavior behavior, bool invert) =>
        new(null, literal, behavior, invert);

    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var matches = new List<(int Start, int Length)>();
        FindMatches(piece, matches);
        var spans = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        var position = 0;
        foreach (var (start, length) in matches)
        {
            if (start > position)
            {
                spans.Add((position, start, _invert));
            }

            spans.Add((start, start + length, !_invert));
            position = start + length;
        }

        if (position < piece.Length)
        {
            spans.Add((position, piece.Length, _invert));
        }

        foreach (var (start, end) in ApplyBehavior(spans, _behavior))
        {
            if (end > start)
            {
                output.Add(start == 0 && end == piece.Length ? piece : piece[start..end]);
            }
        }
    }

    /// <summary>Turns a gap/match partition into words according to the behaviour (tokenizers' <c>split</c>).</summary>
    internal static List<(int Start, int End)> ApplyBehavior(List<(int Start, int End, bool IsMatch)> spans, SplitBehavior behavior)
    {
        var words = new List<(int Start, int End)>(spans.Count);
        switch (behavior)
        {
            case SplitBehavior.Removed:
                words.AddRange(spans.Where(s => !s.IsMatch).Select(s => (s.Start, s.End)));
                break;
            case SplitBehavior.Isolated:
                words.AddRange(spans.Select(s => (s.Start, s.End)));
                break;
            case SplitBehavior.MergedWithPrevious:
            {
                var previousMatch = false;
                foreach (var span in spans)
                {
                    if (span.IsMatch && !previousMatch && words.Count > 0)
                    {
                        words[^1] = (words[^1].Start, span.End);
                    }
                    else
                    {
                        words.Add((span.Start, span.End));
                    }

                    previousMatch = span.IsMatch;
                }

                break;
            }

            case SplitBehavior.MergedWithNext:
            {
                var nextMatch = false;
                for (var i = spans.Count - 1; i >= 0; i--)
                {
                    var span = spans[i];
                    if (span.IsMatch && !nextMatch && words.Count > 0)
                    {
                        words[^1] = (span.Start, words[^1].End);
                    }
                    else
                    {
                        words.Add((span.Start, span.End));
                    }

                    nextMatch = span.IsMatch;
                }

                words.Reverse();
                break;
            }

            case SplitBehavior.Contiguous:
            {
                var previousMatch = false;
                foreach (var span in spans)
                {
                    if (span.IsMatch == previousMatch && words.Count > 0)
                    {
                        words[^1] = (words[^1].Start, span.End);
                    }
                    else
                    {
                        words.Add((span.Start, span.End));
                    }

                    previousMatch = span.IsMatch;
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Unknown split behaviour.");
        }

        return words;
    }

    private void FindMatches(string piece, List<(int Start, int Length)> output)
    {
        if (_regex is not null)
        {
            _regex.Matches(piece, output);
            return;
        }

        if (_literal!.Length == 0)
        {
            return;
        }

        var index = 0;
        while ((index = piece.IndexOf(_literal, index, StringComparison.Ordinal)) >= 0)
        {
            output.Add((index, _literal.Length));
            index += _literal.Length;
        }
    }
}
