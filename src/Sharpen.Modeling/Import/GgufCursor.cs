using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Checkpoints;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Little-endian reads over a mapped GGUF file with a bounds check on every read: running off the end reports the
/// file, the offset and what was being read, instead of an access violation.
/// </summary>
internal sealed unsafe class GgufCursor
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte* _base;

    public GgufCursor(byte* basePointer, long length, string path, bool legacyCounts)
    {
        _base = basePointer;
        Length = length;
        FilePath = path;
        LegacyCounts = legacyCounts;
    }

    public long Length { get; }

    public long Position { get; set; }

    public string FilePath { get; }

    /// <summary>GGUF v1 stores string lengths, array counts and dimensions as u32 instead of u64.</summary>
    public bool LegacyCounts { get; set; }

    public CheckpointFormatException Error(string problem) => new(FilePath, problem);

    public byte ReadByte(string what) => Take(1, what)[0];

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>A count or length: u32 in v1, u64 later; refused when it cannot fit in the rest of the file.</summary>
    public long ReadCount(string what, int minBytesPerItem)
    {
        var at = Position;
        var value = LegacyCounts ? ReadUInt32(what) : ReadUInt64(what);
        if (value > (ulong)(Length - Position) / (ulong)Math.Max(1, minBytesPerItem))
        {
            throw Error($"{what} {value} at offset {at} cannot fit in the {Length - Position} bytes left; the file is truncated or corrupt.");
        }

        return (long)value;
    }

    public string ReadString(string what)
    {
        var length = ReadCount($"length of {what}", 1);
        var at = Position;
        var bytes = Take(length, what);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CheckpointFormatException(FilePath, $"{what} at offset {at} is not valid UTF-8.", ex);
        }
    }

    public ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count < 0 || count > Length - Position)
        {
            throw Error($"truncated: reading {what} needs {count} bytes at offset {Position}, but the file ends at {Length}.");
        }

        if (count > int.MaxValue)
        {
            throw Error($"{what} at offset {Position} is {count} bytes, too large to read as one value.");
        }

        var span = new ReadOnlySpan<byte>(_base + Position, (int)count);
        Position += count;
        return span;
    }
}
