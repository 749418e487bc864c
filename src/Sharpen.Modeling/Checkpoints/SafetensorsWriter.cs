using Sharpen.Core.IO;
using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// Writes one safetensors file from named tensors. The output is deterministic: tensors are laid out in ordinal name
/// order, <c>__metadata__</c> comes first, and the header is padded with spaces to a multiple of 8 bytes so the data
/// section is 8-byte aligned (huggingface/safetensors README). The file is written to a temporary sibling and renamed.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (any device, any layout) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = Order(tensors);
        var header = BuildHeader(ordered, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var (_, tensor) in ordered)
            {
                TensorBytes.WriteTo(tensor, stream);
            }
        });
    }

    /// <summary>Byte size the data of <paramref name="tensor"/> takes in a file.</summary>
    public static long DataLength(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return TensorBytes.ByteLength(tensor);
    }

    internal static List<KeyValuePair<string, torch.Tensor>> Order(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors)
    {
        var list = tensors.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrEmpty(list[i].Key) || list[i].Key == SafetensorsHeader.MetadataKey)
            {
                throw new ArgumentException($"'{list[i].Key}' is not a valid tensor name.", nameof(tensors));
            }

            if (i > 0 && list[i].Key == list[i - 1].Key)
            {
                throw new ArgumentException($"Tensor name '{list[i].Key}' appears twice.", nameof(tensors));
            }
        }

        return list;
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, torch.Tensor>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var dtype = SafetensorsDTypes.FromScalarType(tensor.dtype);
                var length = TensorBytes.ByteLength(tensor);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToHeaderName());
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }

            json.WriteEndObject();
        }

        var padded = (buffer.Length + 7) / 8 * 8;
        while (buffer.Length < padded)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }
}
