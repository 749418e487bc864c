using System.Text.Json;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// A parsed and validated safetensors header. Layout (huggingface/safetensors README, "Format"): 8 bytes little-endian
/// u64 N, then N bytes of UTF-8 JSON mapping tensor names to <c>{dtype, shape, data_offsets:[begin,end]}</c> plus an
/// optional <c>__metadata__</c> string→string map, then the data section. Validation mirrors the reference
/// implementation's checks: header within the file, known dtypes, shape × element size equal to the byte range, ranges
/// inside the data section and not overlapping (gaps are tolerated).
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The reference implementation refuses headers above 100 MB; so do we, before allocating anything.</summary>
    public const long MaxHeaderLength = 100_000_000;

    public const string MetadataKey = "__metadata__";

    private SafetensorsHeader(IReadOnlyDictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>Tensors in file order of their data (by begin offset), keyed by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Absolute file offset of the data section (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>Reads the 8-byte length prefix and checks it against the file length.</summary>
    public static long ReadHeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string path)
    {
        if (fileLength < 8)
        {
            throw new CheckpointFormatException(path, $"truncated: the file has {fileLength} bytes, fewer than the 8-byte header length prefix.");
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderLength)
        {
            throw new CheckpointFormatException(path, $"header length {length} (bytes 0-7) exceeds the {MaxHeaderLength}-byte limit; this is not a safetensors file or it is corrupt.");
        }

        if (8 + (long)length > fileLength)
        {
            throw new CheckpointFormatException(path, $"header length {length} (bytes 0-7) runs past the end of the file ({fileLength} bytes); the file is truncated or corrupt.");
        }

        if (length < 2)
        {
            throw new CheckpointFormatException(path, $"header length {length} is too small to hold a JSON object.");
        }

        return (long)length;
    }

    /// <summary>
    /// Parses the JSON header and validates every entry against a data section of <paramref name="dataLength"/> bytes
    /// starting at absolute offset <paramref name="dataStart"/>.
    /// </summary>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json, long dataStart, long dataLength, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException(path, $"the header is not valid JSON (header byte {ex.BytePositionInLine}, line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(path, $"the header must be a JSON object, found {document.RootElement.ValueKind}.");
            }

            var tensors = new List<SafetensorsTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new CheckpointFormatException(path, $"the header names '{property.Name}' twice.");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, path);
                    continue;
                }

                tensors.Add(ReadTensor(property.Name, property.Value, dataLength, path));
            }

            tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            for (var i = 1; i < tensors.Count; i++)
            {
                var previous = tensors[i - 1];
                var current = tensors[i];
                if (current.Begin < previous.End && current.ByteLength > 0)
                {
                    throw new CheckpointFormatException(
                        path,
                        $"tensors '{previous.Name}' [{previous.Begin}, {previous.End}) and '{current.Name}' [{current.Begin}, {current.End}) overlap in the data section.");
                }
            }

            var byName = new Dictionary<string, SafetensorsTensorInfo>(tensors.Count, StringComparer.Ordinal);
            foreach (var tensor in tensors)
            {
                byName.Add(tensor.Name, tensor);
            }

            return new SafetensorsHeader(byName, metadata, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointFormatException(path, $"'{MetadataKey}' must be an object of strings, found {element.ValueKind}.");
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointFormatException(path, $"'{MetadataKey}.{entry.Name}' must be a string, found {entry.Value.ValueKind}.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string name, JsonElement element, long dataLength, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': expected an object with dtype, shape and data_offsets, found {element.ValueKind}.");
        }

        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': missing or non-string 'dtype'.");
        }

        var dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype))
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': unknown dtype '{dtypeName}' (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).");
        }

        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': missing or non-array 'shape'.");
        }

        var shape = new List<long>();
        long elements = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                throw new CheckpointFormatException(path, $"tensor '{name}': shape entry {dim.GetRawText()} is not a non-negative integer.");
            }

            shape.Add(d);
            elements = CheckedMultiply(elements, d, name, path);
        }

        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': 'data_offsets' must be an array [begin, end].");
        }

        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': data_offsets {offsets.GetRawText()} is not a valid range (0 <= begin <= end).");
        }

        if (end > dataLength)
        {
            throw new CheckpointFormatException(
                path,
                $"tensor '{name}': data_offsets [{begin}, {end}] run past the end of the data section ({dataLength} bytes); the file is truncated or corrupt.");
        }

        var expected = CheckedMultiply(elements, dtype.ElementSize(), name, path);
        if (expected != end - begin)
        {
            throw new CheckpointFormatException(
                path,
                $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeName} needs {expected} bytes but data_offsets [{begin}, {end}] hold {end - begin}.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("dtype" or "shape" or "data_offsets"))
            {
                throw new CheckpointFormatException(path, $"tensor '{name}': unexpected field '{property.Name}'.");
            }
        }

        return new SafetensorsTensorInfo(name, dtype, shape.AsReadOnly(), begin, end);
    }

    private static long CheckedMultiply(long a, long b, string name, string path)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException ex)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}': its shape overflows a 64-bit size.", ex);
        }
    }
}
