using Sharpen.Core.IO;
using System.Text;
using System.Text.Json;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c>: <c>{"metadata": {"total_size": N}, "weight_map": {tensor: shard file}}</c>, as
/// written by Hugging Face transformers for sharded checkpoints. Shard names must be plain file names in the same
/// folder; anything that could point elsewhere (a path separator, <c>..</c>) is refused.
/// </summary>
internal sealed class SafetensorsIndex
{
    public SafetensorsIndex(long? totalSize, IReadOnlyDictionary<string, string> weightMap)
    {
        TotalSize = totalSize;
        WeightMap = weightMap;
    }

    public long? TotalSize { get; }

    /// <summary>Tensor name → shard file name.</summary>
    public IReadOnlyDictionary<string, string> WeightMap { get; }

    public static SafetensorsIndex Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new FileNotFoundException($"Safetensors index '{path}' does not exist.", path, ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException(path, $"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(path, "expected an object with a 'weight_map' object.");
            }

            long? total = null;
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("total_size", out var totalElement) && totalElement.TryGetInt64(out var t))
            {
                total = t;
            }

            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new CheckpointFormatException(path, $"weight_map['{entry.Name}'] must be a file name string.");
                }

                var shard = entry.Value.GetString()!;
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or ".." || shard.Contains('\\', StringComparison.Ordinal))
                {
                    throw new CheckpointFormatException(path, $"weight_map['{entry.Name}'] = '{shard}' is not a plain file name in the checkpoint folder.");
                }

                if (!weightMap.TryAdd(entry.Name, shard))
                {
                    throw new CheckpointFormatException(path, $"weight_map names '{entry.Name}' twice.");
                }
            }

            return new SafetensorsIndex(total, weightMap);
        }
    }

    public void Write(string path)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            if (TotalSize is { } total)
            {
                json.WriteNumber("total_size", total);
            }

            json.WriteEndObject();
            json.WriteStartObject("weight_map");
            foreach (var (name, shard) in WeightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, shard);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        AtomicFile.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
