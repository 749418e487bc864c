using System.Globalization;
using TorchSharp;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// Writes a checkpoint split into shards of at most a given size, the way Hugging Face's <c>save_pretrained</c> lays
/// them out: <c>model-00001-of-00003.safetensors</c>, ... plus <c>model.safetensors.index.json</c> mapping each tensor
/// to its shard. A checkpoint that fits one shard is written as a single <c>model.safetensors</c> without an index.
/// A tensor larger than the limit gets a shard of its own.
/// </summary>
public static class SafetensorsShardedWriter
{
    /// <summary>Name of the index file beside the shards.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>Name of the single file written when no split is needed.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>Writes the shards (and index) into <paramref name="directory"/> and returns the file names written.</summary>
    public static IReadOnlyList<string> Write(
        string directory,
        IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
        long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var ordered = SafetensorsWriter.Order(tensors);

        var shards = new List<List<KeyValuePair<string, torch.Tensor>>>();
        var current = new List<KeyValuePair<string, torch.Tensor>>();
        long currentBytes = 0;
        long totalBytes = 0;
        foreach (var entry in ordered)
        {
            var length = TensorBytes.ByteLength(entry.Value);
            totalBytes += length;
            if (current.Count > 0 && currentBytes + length > maxShardBytes)
            {
                shards.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(entry);
            currentBytes += length;
        }

        shards.Add(current);
        Directory.CreateDirectory(directory);
        if (shards.Count == 1)
        {
            SafetensorsWriter.Write(Path.Combine(directory, SingleFileName), shards[0], metadata);
            return [SingleFileName];
        }

        var written = new List<string>();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            var fileName = string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors");
            SafetensorsWriter.Write(Path.Combine(directory, fileName), shards[i], metadata);
            written.Add(fileName);
            foreach (var (name, _) in shards[i])
            {
                weightMap[name] = fileName;
            }
        }

        new SafetensorsIndex(totalBytes, weightMap).Write(Path.Combine(directory, IndexFileName));
        written.Add(IndexFileName);
        return written;
    }
}
