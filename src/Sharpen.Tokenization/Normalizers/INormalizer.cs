namespace Sharpen.Tokenization.Normalizers;

/// <summary>Rewrites a text segment before pre-tokenization (Hugging Face <c>normalizer</c>).</summary>
internal interface INormalizer
{
    string Normalize(string text);
}
