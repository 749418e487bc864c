namespace Sharpen.Tokenization.Pipeline;

/// <summary>A piece of input text: either plain text still to be tokenized, or one matched added token.</summary>
/// <param name="Text">The plain text, or null for an added token.</param>
/// <param name="TokenId">The id of the added token, or -1 for plain text.</param>
/// <param name="AtStart">Whether the segment starts at offset 0 of the original input.</param>
internal readonly record struct TextSegment(string? Text, int TokenId, bool AtStart)
{
    public bool IsToken => Text is null;
}
