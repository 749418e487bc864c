namespace Sharpen.Tokenization.Normalizers;

/// <summary>Unicode canonical normalization to NFC (Qwen2) or NFD, via <see cref="CanonicalNormalizer"/>.</summary>
internal sealed class UnicodeFormNormalizer(bool compose) : INormalizer
{
    public string Normalize(string text) => CanonicalNormalizer.Normalize(text, compose);
}
