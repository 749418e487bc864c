namespace Sharpen.Tokenization.Decoders;

/// <summary>
/// Hugging Face <c>Metaspace</c> decoder: the replacement character becomes a space, except in the first token when
/// a prefix was prepended at encode time, where it is dropped (the reference drops every ▁ of that first token).
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, bool dropInFirstToken) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            tokens[i] = i == 0 && dropInFirstToken
                ? tokens[i].Replace(replacement.ToString(), string.Empty, StringComparison.Ordinal)
                : tokens[i].Replace(replacement, ' ');
        }

        return tokens;
    }
}
