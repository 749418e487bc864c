namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>Metaspace</c>: spaces become the replacement character (usually ▁), a leading ▁ is added per the
/// prepend scheme, and with <c>split</c> the text is cut before every ▁ so that each word keeps its own prefix.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split) : IPreTokenizer
{
    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var text = piece.Replace(' ', replacement);
        var prepend = prependScheme switch
        {
            PrependScheme.Always => true,
            PrependScheme.First => atStart,
            _ => false,
        };
        if (prepend && !text.StartsWith(replacement))
        {
            text = replacement + text;
        }

        if (!split)
        {
            if (text.Length > 0)
            {
                output.Add(text);
            }

            return;
        }

        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == replacement)
            {
                output.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            output.Add(text[start..]);
        }
    }
}
