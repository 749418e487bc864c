using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Sharpen.Tokenization.Decoders;

/// <summary>
/// Hugging Face <c>ByteFallback</c>: runs of <c>&lt;0xNN&gt;</c> tokens are joined into bytes and decoded as UTF-8;
/// an invalid run becomes one U+FFFD per byte, as in the reference.
/// </summary>
internal sealed class ByteFallbackDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByte(token, out var value))
            {
                pending.Add(value);
                continue;
            }

            Flush(pending, result);
            result.Add(token);
        }

        Flush(pending, result);
        return result;
    }

    internal static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private static void Flush(List<byte> pending, List<string> result)
    {
        if (pending.Count == 0)
        {
            return;
        }

        byte[] bytes = [.. pending];
        if (Utf8.IsValid(bytes))
        {
            result.Add(Encoding.UTF8.GetString(bytes));
        }
        else
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                result.Add("\uFFFD");
            }
        }

        pending.Clear();
    }
}
