namespace Sharpen.Tokenization.Normalizers;

/// <summary>Prepends a string to non-empty text (Hugging Face <c>Prepend</c>; the SentencePiece dummy prefix).</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}
