namespace Sharpen.Core.Text;

/// <summary>
/// Turns a growing list of generated ids into text deltas for streaming. A character may span several tokens
/// (byte-fallback pieces, byte-level BPE), so the text is re-decoded and only a prefix that no longer ends in an
/// incomplete character (U+FFFD) is released.
/// </summary>
public sealed class StreamingDecoder(ITokenizer tokenizer, bool skipSpecialTokens = true)
{
    private readonly List<int> _ids = [];
    private int _emitted;

    /// <summary>All text released so far.</summary>
    public string Text { get; private set; } = string.Empty;

    /// <summary>Adds one id and returns the newly complete text (possibly empty).</summary>
    public string Push(int id)
    {
        _ids.Add(id);
        var decoded = tokenizer.Decode(_ids, skipSpecialTokens);
        if (decoded.Length > 0 && decoded[^1] == '\uFFFD')
        {
            return string.Empty;
        }

        return Release(decoded);
    }

    /// <summary>Releases whatever is left, incomplete characters included.</summary>
    public string Flush() => Release(tokenizer.Decode(_ids, skipSpecialTokens));

    private string Release(string decoded)
    {
        if (decoded.Length <= _emitted || !decoded.StartsWith(Text, StringComparison.Ordinal))
        {
            // A decoder may rewrite earlier text (for example a stripped leading space); never emit backwards.
            _emitted = Math.Max(_emitted, decoded.Length);
            Text = decoded;
            return string.Empty;
        }

        var delta = decoded[_emitted..];
        _emitted = decoded.Length;
        Text = decoded;
        return delta;
    }
}
