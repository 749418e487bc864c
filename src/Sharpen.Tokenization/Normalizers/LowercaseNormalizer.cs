namespace Sharpen.Tokenization.Normalizers;

/// <summary>Lower-cases text (Hugging Face <c>Lowercase</c>), culture-independently.</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}
