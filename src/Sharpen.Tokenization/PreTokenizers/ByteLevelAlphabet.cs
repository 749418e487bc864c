namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// GPT-2's reversible byte ↔ printable-character table (<c>bytes_to_unicode</c> in openai/gpt-2 <c>encoder.py</c>):
/// bytes 33–126, 161–172 and 174–255 map to themselves, the other 68 bytes to U+0100 onwards in byte order. Byte-level
/// BPE vocabularies (GPT-2, Llama-3, Qwen2) are written in these characters, so " the" is stored as "Ġthe".
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> s_charToByte = BuildCharToByte();

    /// <summary>The printable character that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => s_byteToChar[value];

    /// <summary>The byte a printable character stands for, or false when the character is not in the table.</summary>
    public static bool TryToByte(char c, out byte value) => s_charToByte.TryGetValue(c, out value);

    /// <summary>Encodes <paramref name="text"/> as UTF-8 and maps every byte to its character.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = s_byteToChar[source[i]];
            }
        });
    }

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            map[s_byteToChar[b]] = (byte)b;
        }

        return map;
    }
}
