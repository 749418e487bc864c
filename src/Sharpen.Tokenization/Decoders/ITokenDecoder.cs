namespace Sharpen.Tokenization.Decoders;

/// <summary>
/// One step of turning vocabulary strings back into text (Hugging Face <c>decoder</c>). Steps transform the token
/// list so they can be chained (<c>Replace → ByteFallback → Fuse → Strip</c>); the final strings are concatenated.
/// </summary>
internal interface ITokenDecoder
{
    List<string> DecodeChain(List<string> tokens);
}
