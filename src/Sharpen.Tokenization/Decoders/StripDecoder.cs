namespace Sharpen.Tokenization.Decoders;

/// <summary>
/// Hugging Face <c>Strip</c> decoder: removes up to <c>start</c> leading and <c>stop</c> trailing occurrences of one
/// character from each token — after Fuse, the SentencePiece dummy-prefix space at the start of the text.
/// </summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            var from = 0;
            while (from < start && from < token.Length && token[from] == content)
            {
                from++;
            }

            var to = token.Length;
            while (token.Length - to < stop && to > from && token[to - 1] == content)
            {
                to--;
            }

            tokens[t] = token[from..to];
        }

        return tokens;
    }
}
