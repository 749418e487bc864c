using System.Buffers.Binary;
using System.Text;

namespace Sharpen.Tokenization.SentencePiece;

/// <summary>
/// A minimal protobuf wire-format reader (varint, 32/64-bit and length-delimited fields) over a byte range — all
/// that <c>sentencepiece_model.proto</c> needs. Every overrun reports the file and the absolute byte offset.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private readonly string _filePath;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, int baseOffset, string filePath)
    {
        _data = data;
        _baseOffset = baseOffset;
        _filePath = filePath;
        _position = 0;
    }

    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Absolute offset in the file of the next byte.</summary>
    public readonly int Offset => _baseOffset + _position;

    public bool TryReadTag(out int field, out int wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var start = Offset;
        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        if (field <= 0)
        {
            throw Fail(start, $"invalid field number {field}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        var start = Offset;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (AtEnd)
            {
                throw Fail(start, "truncated varint");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Fail(start, "varint longer than 10 bytes");
    }

    public int ReadInt32() => unchecked((int)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a length-delimited field and returns its bytes and their absolute offset.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out int offset)
    {
        var start = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Fail(start, $"length {length} runs past the end of the enclosing message");
        }

        offset = Offset;
        return Take((int)length);
    }

    public string ReadString()
    {
        var bytes = ReadLengthDelimited(out var offset);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new TokenizerFormatException(_filePath, $"invalid UTF-8 in a string at byte offset {offset}", e);
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Take(8);
                break;
            case WireLengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case WireFixed32:
                Take(4);
                break;
            default:
                throw Fail(Offset, $"unsupported protobuf wire type {wireType}");
        }
    }

    public readonly TokenizerFormatException Fail(int offset, string problem) =>
        new(_filePath, $"not a valid SentencePiece model: {problem} at byte offset {offset}");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Fail(Offset, $"truncated field (needs {count} bytes, {_data.Length - _position} left)");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
