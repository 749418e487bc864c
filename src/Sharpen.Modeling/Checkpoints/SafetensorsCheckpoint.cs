using TorchSharp;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// A whole safetensors checkpoint: one file, a folder holding <c>model.safetensors</c>, or a sharded folder described by
/// <c>model.safetensors.index.json</c>. Shards are memory-mapped and validated when loaded; tensors are read lazily by
/// name, so a model can pull its weights one at a time. Dispose it to unmap the files.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    private readonly List<SafetensorsReader> _readers;
    private readonly Dictionary<string, SafetensorsReader> _owner;

    private SafetensorsCheckpoint(string location, List<SafetensorsReader> readers, Dictionary<string, SafetensorsReader> owner)
    {
        Location = location;
        _readers = readers;
        _owner = owner;
        Names = [.. owner.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The file or folder that was loaded.</summary>
    public string Location { get; }

    /// <summary>The shard files, in the order they were opened.</summary>
    public IReadOnlyList<string> Files => [.. _readers.Select(r => r.FilePath)];

    /// <summary>All tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The <c>__metadata__</c> of the first shard (shards written by one save carry the same map).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _readers[0].Metadata;

    /// <summary>
    /// Opens <paramref name="folderOrFile"/>: a <c>.safetensors</c> file, an index JSON file, or a folder with an index,
    /// a <c>model.safetensors</c>, or exactly one <c>*.safetensors</c> file.
    /// </summary>
    public static SafetensorsCheckpoint Load(string folderOrFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderOrFile);
        var full = Path.GetFullPath(folderOrFile);
        if (File.Exists(full))
        {
            return full.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase) ? LoadSharded(full) : LoadSingle(full);
        }

        if (!Directory.Exists(full))
        {
            throw new FileNotFoundException($"No safetensors checkpoint at '{full}': neither a file nor a folder exists there.", full);
        }

        var index = Path.Combine(full, SafetensorsShardedWriter.IndexFileName);
        if (File.Exists(index))
        {
            return LoadSharded(index);
        }

        var single = Path.Combine(full, SafetensorsShardedWriter.SingleFileName);
        if (File.Exists(single))
        {
            return LoadSingle(single);
        }

        var candidates = Directory.GetFiles(full, "*.safetensors");
        return candidates.Length switch
        {
            1 => LoadSingle(candidates[0]),
            0 => throw new FileNotFoundException($"'{full}' holds no {SafetensorsShardedWriter.IndexFileName}, no {SafetensorsShardedWriter.SingleFileName} and no other .safetensors file.", full),
            _ => throw new CheckpointFormatException(full, $"{candidates.Length} .safetensors files but no {SafetensorsShardedWriter.IndexFileName} saying how they fit together."),
        };
    }

    /// <summary>Whether the checkpoint holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _owner.ContainsKey(name);

    /// <summary>Dtype, shape and byte range of <paramref name="name"/>.</summary>
    public SafetensorsTensorInfo GetInfo(string name) => Reader(name).GetInfo(name);

    /// <summary>Raw bytes of <paramref name="name"/> (no copy; valid until disposal).</summary>
    public ReadOnlySpan<byte> GetBytes(string name) => Reader(name).GetBytes(name);

    /// <summary>A new CPU tensor (owned by the caller), optionally converted to <paramref name="dtype"/>.</summary>
    public torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null) => Reader(name).ReadTensor(name, dtype);

    /// <summary>Every tensor, eagerly, as name → tensor; the caller owns and disposes them.</summary>
    public Dictionary<string, torch.Tensor> ReadAll(torch.ScalarType? dtype = null)
    {
        var result = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var name in Names)
            {
                result.Add(name, ReadTensor(name, dtype));
            }

            return result;
        }
        catch
        {
            foreach (var tensor in result.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }

    private SafetensorsReader Reader(string name) =>
        _owner.TryGetValue(name, out var reader)
            ? reader
            : throw new KeyNotFoundException($"{Location}: no tensor named '{name}'.");

    private static SafetensorsCheckpoint LoadSingle(string file)
    {
        var reader = SafetensorsReader.Open(file);
        var owner = reader.Tensors.Keys.ToDictionary(k => k, _ => reader, StringComparer.Ordinal);
        return new SafetensorsCheckpoint(file, [reader], owner);
    }

    private static SafetensorsCheckpoint LoadSharded(string indexPath)
    {
        var index = SafetensorsIndex.Read(indexPath);
        var folder = Path.GetDirectoryName(indexPath)!;
        var readers = new List<SafetensorsReader>();
        try
        {
            var byShard = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
            foreach (var shard in index.WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw new CheckpointFormatException(indexPath, $"shard '{shard}' named in weight_map does not exist in {folder}.");
                }

                var reader = SafetensorsReader.Open(shardPath);
                readers.Add(reader);
                byShard.Add(shard, reader);
            }

            var owner = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
            foreach (var (name, shard) in index.WeightMap)
            {
                var reader = byShard[shard];
                if (!reader.Contains(name))
                {
                    throw new CheckpointFormatException(indexPath, $"weight_map puts '{name}' in '{shard}', but that shard has no such tensor.");
                }

                owner.Add(name, reader);
            }

            foreach (var reader in readers)
            {
                foreach (var name in reader.Tensors.Keys)
                {
                    if (!owner.TryGetValue(name, out var listed) || !ReferenceEquals(listed, reader))
                    {
                        throw new CheckpointFormatException(reader.FilePath, $"holds tensor '{name}', which {Path.GetFileName(indexPath)} does not map to this shard.");
                    }
                }
            }

            if (readers.Count == 0)
            {
                throw new CheckpointFormatException(indexPath, "weight_map is empty.");
            }

            return new SafetensorsCheckpoint(indexPath, readers, owner);
        }
        catch
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }

            throw;
        }
    }
}
