using System.Text;

namespace Sharpen.Tokenization.Normalizers;

/// <summary>Unicode normalization to NFC, NFD, NFKC or NFKD (Qwen2 uses NFC).</summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    public string Normalize(string text) => text.IsNormalized(form) ? text : text.Normalize(form);
}
