namespace Sharpen.Tokenization.Decoders;

/// <summary>Replaces a literal string in every token (Hugging Face <c>Replace</c> decoder, typically ▁ → space).</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            tokens[i] = tokens[i].Replace(pattern, content, StringComparison.Ordinal);
        }

        return tokens;
    }
}
