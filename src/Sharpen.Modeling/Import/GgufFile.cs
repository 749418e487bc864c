using System.IO.MemoryMappedFiles;
using Sharpen.Modeling.Checkpoints;
using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// A GGUF file (llama.cpp's model format, versions 1–3), memory-mapped: metadata key/values of every type including
/// arrays, tensor infos, and the data section at <c>general.alignment</c> (default 32). Layout per ggml
/// <c>docs/gguf.md</c>; v1 differs only in using u32 for string lengths, counts and dimensions.
/// Plain tensors (F32, F16, BF16, F64, I8–I64) can be read into TorchSharp; block-quantised ones are refused by name.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    /// <summary>"GGUF" read as a little-endian u32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>Alignment of the data section and tensor offsets when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    private const int MaxDimensions = 4;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Dictionary<string, GgufTensorInfo> _byName;
    private byte* _base;
    private bool _disposed;

    private GgufFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, long fileLength)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _base = basePointer;
        FileLength = fileLength;
        _byName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
    }

    /// <summary>Absolute path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Format version (1, 2 or 3).</summary>
    public uint Version { get; private set; }

    /// <summary>File size in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Alignment of tensor data.</summary>
    public long Alignment { get; private set; }

    /// <summary>Absolute offset of the data section.</summary>
    public long DataOffset { get; private set; }

    /// <summary>
    /// Metadata in file order. Scalars are boxed .NET values (byte, sbyte, ushort, short, uint, int, float, bool, string,
    /// ulong, long, double); arrays are typed .NET arrays (<c>string[]</c>, <c>float[]</c>, <c>int[]</c>, ...), arrays of
    /// arrays are <c>object[]</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object> Metadata { get; private set; } = new Dictionary<string, object>();

    /// <summary>Tensor infos in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; private set; } = [];

    /// <summary>Opens and validates <paramref name="path"/>; a corrupt file throws <see cref="CheckpointFormatException"/>.</summary>
    public static GgufFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"GGUF file '{path}' does not exist.", path);
        }

        var length = new FileInfo(path).Length;
        if (length < 24)
        {
            throw new CheckpointFormatException(path, $"truncated: {length} bytes is shorter than a GGUF header (24 bytes).");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        GgufFile? file = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            file = new GgufFile(path, map, view, basePointer + view.PointerOffset, length);
            file.Parse();
            return file;
        }
        catch
        {
            if (file is not null)
            {
                file.Dispose();
            }
            else
            {
                view?.Dispose();
                map.Dispose();
            }

            throw;
        }
    }

    /// <summary>The tensor info of <paramref name="name"/>.</summary>
    public GgufTensorInfo GetTensorInfo(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _byName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"{FilePath}: no tensor named '{name}'.");
    }

    /// <summary>Whether the file holds a tensor of that name.</summary>
    public bool ContainsTensor(string name) => _byName.ContainsKey(name);

    /// <summary>The raw bytes of a plain tensor (no copy; valid until disposal).</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var info = GetTensorInfo(name);
        var length = ByteLength(info);
        if (length > int.MaxValue)
        {
            throw new NotSupportedException($"{FilePath}: tensor '{name}' has {length} bytes, more than a span can hold; use ReadTensor.");
        }

        return new ReadOnlySpan<byte>(_base + DataOffset + info.Offset, (int)length);
    }

    /// <summary>
    /// A new CPU tensor with the PyTorch shape (ggml dimensions reversed) and the stored type. Quantised tensors are
    /// refused with a <see cref="CheckpointFormatException"/> naming the type.
    /// </summary>
    public torch.Tensor ReadTensor(string name)
    {
        var info = GetTensorInfo(name);
        var type = info.Type.ToScalarType() ?? throw new CheckpointFormatException(
            FilePath,
            $"tensor '{name}' is stored as {info.Type.DisplayName()}, a quantised type Sharpen cannot import; convert the model to F32, F16 or BF16 first (llama.cpp's llama-quantize or convert_hf_to_gguf.py --outtype f16).");
        return TensorBytes.FromBytes(_base + DataOffset + info.Offset, ByteLength(info), type, info.Shape);
    }

    /// <summary>A metadata value, or null when the key is absent.</summary>
    public object? GetValue(string key) => Metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>A string value; throws naming the key when it is missing or of another type.</summary>
    public string GetString(string key) => GetValue(key) switch
    {
        string s => s,
        null => throw new CheckpointFormatException(FilePath, $"metadata key '{key}' is missing."),
        var other => throw WrongType(key, "a string", other),
    };

    /// <summary>An integer value of any GGUF integer type, or <paramref name="fallback"/> when absent.</summary>
    public long? GetInteger(string key, long? fallback = null) => GetValue(key) switch
    {
        null => fallback,
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        var other => throw WrongType(key, "an integer", other),
    };

    /// <summary>A floating-point value (f32 or f64), or <paramref name="fallback"/> when absent.</summary>
    public double? GetFloat(string key, double? fallback = null) => GetValue(key) switch
    {
        null => fallback,
        // Shortest round-trip of the f32 (1e-5f → 1E-05), so a config shows the number the author wrote.
        float f => double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
        double d => d,
        var other => throw WrongType(key, "a float", other),
    };

    /// <summary>A boolean value, or <paramref name="fallback"/> when absent.</summary>
    public bool? GetBool(string key, bool? fallback = null) => GetValue(key) switch
    {
        null => fallback,
        bool b => b,
        var other => throw WrongType(key, "a bool", other),
    };

    /// <summary>An array value of element type <typeparamref name="T"/>, or null when absent.</summary>
    public T[]? GetArray<T>(string key) => GetValue(key) switch
    {
        null => null,
        T[] array => array,
        var other => throw WrongType(key, $"an array of {typeof(T).Name}", other),
    };

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _base = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private CheckpointFormatException WrongType(string key, string expected, object actual) =>
        new(FilePath, $"metadata key '{key}' should be {expected} but is {actual.GetType().Name}.");

    private long ByteLength(GgufTensorInfo info)
    {
        var (blockElements, blockBytes) = info.Type.Layout()!.Value;
        return info.ElementCount / blockElements * blockBytes;
    }

    private void Parse()
    {
        var cursor = new GgufCursor(_base, FileLength, FilePath, legacyCounts: false);
        var magic = cursor.ReadUInt32("magic");
        if (magic != Magic)
        {
            throw cursor.Error($"not a GGUF file: the first 4 bytes are 0x{magic:X8}, expected \"GGUF\".");
        }

        Version = cursor.ReadUInt32("version");
        if (Version is < 1 or > 3)
        {
            throw cursor.Error($"GGUF version {Version} is not supported (1, 2 and 3 are).");
        }

        cursor.LegacyCounts = Version == 1;
        var tensorCount = cursor.ReadCount("tensor count", 16);
        var kvCount = cursor.ReadCount("metadata count", 8);

        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            var keyAt = cursor.Position;
            var key = cursor.ReadString($"metadata key #{i}");
            var type = (GgufValueType)cursor.ReadUInt32($"type of '{key}'");
            var value = ReadValue(cursor, type, key, depth: 0);
            if (!metadata.TryAdd(key, value))
            {
                throw cursor.Error($"metadata key '{key}' at offset {keyAt} appears twice.");
            }
        }

        Metadata = metadata;
        Alignment = DefaultAlignment;
        if (metadata.ContainsKey("general.alignment"))
        {
            var alignment = GetInteger("general.alignment")!.Value;
            if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            {
                throw cursor.Error($"general.alignment {alignment} is not a positive power of two.");
            }

            Alignment = alignment;
        }

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 1 << 20));
        for (long i = 0; i < tensorCount; i++)
        {
            var infoAt = cursor.Position;
            var name = cursor.ReadString($"name of tensor #{i}");
            var nDims = cursor.ReadUInt32($"dimension count of '{name}'");
            if (nDims is 0 or > MaxDimensions)
            {
                throw cursor.Error($"tensor '{name}' (info at offset {infoAt}) has {nDims} dimensions; GGUF allows 1 to {MaxDimensions}.");
            }

            var dims = new long[nDims];
            for (var d = 0; d < nDims; d++)
            {
                var dim = cursor.LegacyCounts ? cursor.ReadUInt32($"dimension {d} of '{name}'") : cursor.ReadUInt64($"dimension {d} of '{name}'");
                if (dim > int.MaxValue * 16UL)
                {
                    throw cursor.Error($"tensor '{name}' dimension {d} = {dim} is implausibly large.");
                }

                dims[d] = (long)dim;
            }

            var type = (GgufTensorType)cursor.ReadUInt32($"type of '{name}'");
            var offset = cursor.ReadUInt64($"offset of '{name}'");
            if (offset > (ulong)FileLength)
            {
                throw cursor.Error($"tensor '{name}' offset {offset} lies past the end of the file ({FileLength} bytes).");
            }

            var info = new GgufTensorInfo(name, dims, type, (long)offset);
            if (!_byName.TryAdd(name, info))
            {
                throw cursor.Error($"tensor '{name}' (info at offset {infoAt}) appears twice.");
            }

            tensors.Add(info);
        }

        Tensors = tensors;
        DataOffset = (cursor.Position + Alignment - 1) / Alignment * Alignment;
        if (DataOffset > FileLength)
        {
            throw cursor.Error($"truncated: the data section would start at {DataOffset}, past the end of the file ({FileLength} bytes).");
        }

        ValidateTensorRanges(cursor);
    }

    private void ValidateTensorRanges(GgufCursor cursor)
    {
        var dataLength = FileLength - DataOffset;
        var ranges = new List<(long Begin, long End, string Name)>();
        foreach (var info in Tensors)
        {
            if (info.Offset % Alignment != 0)
            {
                throw cursor.Error($"tensor '{info.Name}' offset {info.Offset} is not a multiple of the alignment {Alignment}.");
            }

            if (info.Type.Layout() is not { } layout)
            {
                // Unknown layout: its extent cannot be checked, and ReadTensor refuses it by name.
                continue;
            }

            long elements;
            try
            {
                elements = info.Dimensions.Aggregate(1L, (a, d) => checked(a * d));
            }
            catch (OverflowException ex)
            {
                throw new CheckpointFormatException(FilePath, $"tensor '{info.Name}' has a shape that overflows 64 bits.", ex);
            }

            if (elements % layout.BlockElements != 0)
            {
                throw cursor.Error($"tensor '{info.Name}' has {elements} elements, not a whole number of {info.Type.DisplayName()} blocks of {layout.BlockElements}.");
            }

            var bytes = elements / layout.BlockElements * layout.BlockBytes;
            if (info.Offset + bytes > dataLength)
            {
                throw cursor.Error(
                    $"tensor '{info.Name}' needs bytes [{info.Offset}, {info.Offset + bytes}) of the data section, which has only {dataLength}; the file is truncated or corrupt.");
            }

            ranges.Add((info.Offset, info.Offset + bytes, info.Name));
        }

        ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin < ranges[i - 1].End)
            {
                throw cursor.Error($"tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap in the data section.");
            }
        }
    }

    private static object ReadValue(GgufCursor cursor, GgufValueType type, string key, int depth)
    {
        return type switch
        {
            GgufValueType.UInt8 => cursor.ReadByte(key),
            GgufValueType.Int8 => (sbyte)cursor.ReadByte(key),
            GgufValueType.UInt16 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(cursor.Take(2, key)),
            GgufValueType.Int16 => System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(cursor.Take(2, key)),
            GgufValueType.UInt32 => cursor.ReadUInt32(key),
            GgufValueType.Int32 => (int)cursor.ReadUInt32(key),
            GgufValueType.Float32 => BitConverter.UInt32BitsToSingle(cursor.ReadUInt32(key)),
            GgufValueType.Bool => ReadBool(cursor, key),
            GgufValueType.String => cursor.ReadString($"value of '{key}'"),
            GgufValueType.UInt64 => cursor.ReadUInt64(key),
            GgufValueType.Int64 => (long)cursor.ReadUInt64(key),
            GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(cursor.ReadUInt64(key)),
            GgufValueType.Array => ReadArray(cursor, key, depth),
            _ => throw cursor.Error($"metadata key '{key}' has unknown value type {(int)type} (offset {cursor.Position - 4})."),
        };
    }

    private static bool ReadBool(GgufCursor cursor, string key)
    {
        var b = cursor.ReadByte(key);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw cursor.Error($"metadata key '{key}' holds bool byte {b} at offset {cursor.Position - 1}; only 0 and 1 are valid."),
        };
    }

    private static object ReadArray(GgufCursor cursor, string key, int depth)
    {
        if (depth > 8)
        {
            throw cursor.Error($"metadata key '{key}' nests arrays more than 8 deep.");
        }

        var elementType = (GgufValueType)cursor.ReadUInt32($"array element type of '{key}'");
        var minBytes = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.String or GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => cursor.LegacyCounts ? 4 : 8,
            GgufValueType.Array => cursor.LegacyCounts ? 8 : 12,
            _ => throw cursor.Error($"metadata key '{key}' is an array of unknown value type {(int)elementType}."),
        };
        var count = (int)Math.Min(cursor.ReadCount($"element count of '{key}'", minBytes), int.MaxValue);
        return elementType switch
        {
            GgufValueType.UInt8 => Fill(count, () => cursor.ReadByte(key)),
            GgufValueType.Int8 => Fill(count, () => (sbyte)cursor.ReadByte(key)),
            GgufValueType.UInt16 => Fill(count, () => (ushort)ReadValue(cursor, GgufValueType.UInt16, key, depth)),
            GgufValueType.Int16 => Fill(count, () => (short)ReadValue(cursor, GgufValueType.Int16, key, depth)),
            GgufValueType.UInt32 => Fill(count, () => cursor.ReadUInt32(key)),
            GgufValueType.Int32 => Fill(count, () => (int)cursor.ReadUInt32(key)),
            GgufValueType.Float32 => Fill(count, () => BitConverter.UInt32BitsToSingle(cursor.ReadUInt32(key))),
            GgufValueType.Bool => Fill(count, () => ReadBool(cursor, key)),
            GgufValueType.String => Fill(count, () => cursor.ReadString($"element of '{key}'")),
            GgufValueType.UInt64 => Fill(count, () => cursor.ReadUInt64(key)),
            GgufValueType.Int64 => Fill(count, () => (long)cursor.ReadUInt64(key)),
            GgufValueType.Float64 => Fill(count, () => BitConverter.UInt64BitsToDouble(cursor.ReadUInt64(key))),
            _ => Fill(count, () => ReadArray(cursor, key, depth + 1)),
        };
    }

    private static T[] Fill<T>(int count, Func<T> read)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = read();
        }

        return values;
    }
}
