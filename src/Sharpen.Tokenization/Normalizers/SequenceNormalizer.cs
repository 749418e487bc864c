namespace Sharpen.Tokenization.Normalizers;

/// <summary>Applies normalizers in order (Hugging Face <c>Sequence</c>).</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var normalizer in normalizers)
        {
            text = normalizer.Normalize(text);
        }

        return text;
    }
}
