namespace Sharpen.Tokenization.Normalizers;

/// <summary>Removes leading and/or trailing whitespace (Hugging Face <c>Strip</c>).</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public string Normalize(string text) => (left, right) switch
    {
        (true, true) => text.Trim(),
        (true, false) => text.TrimStart(),
        (false, true) => text.TrimEnd(),
        _ => text,
    };
}
