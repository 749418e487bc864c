using System.Buffers;
using System.Text;

namespace Sharpen.Data.Reading;

/// <summary>Finds the first invalid UTF-8 byte so the report can point at it.</summary>
internal static class Utf8Check
{
    /// <summary>Returns -1 when <paramref name="bytes"/> is valid UTF-8, else the offset of the first bad byte.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }
}
