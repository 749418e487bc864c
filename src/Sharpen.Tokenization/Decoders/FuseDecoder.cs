namespace Sharpen.Tokenization.Decoders;

/// <summary>Concatenates all tokens into one (Hugging Face <c>Fuse</c>), so a following Strip sees the whole text.</summary>
internal sealed class FuseDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}
