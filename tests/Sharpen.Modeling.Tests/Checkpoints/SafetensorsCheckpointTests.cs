using System.Text.Json;
using Sharpen.Modeling.Checkpoints;
using Sharpen.TestKit;
using TorchSharp;

namespace Sharpen.Modeling.Tests.Checkpoints;

public sealed class SafetensorsCheckpointTests
{
    [Fact]
    public void ShardedWrite_SmallLimit_SplitsWritesIndexAndLoadsBackEqual()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>();
        for (var i = 0; i < 5; i++)
        {
            tensors[$"layer.{i}.weight"] = torch.arange(0, 16, dtype: torch.ScalarType.Float32).reshape(4, 4) + i;
        }

        // Each tensor is 64 bytes; a 150-byte limit holds two per shard -> 3 shards.
        var written = SafetensorsShardedWriter.Write(dir.Path, tensors, maxShardBytes: 150);

        Assert.Equal(
            ["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", "model.safetensors.index.json"],
            written);
        using (var index = JsonDocument.Parse(File.ReadAllText(dir.File("model.safetensors.index.json"))))
        {
            Assert.Equal(5 * 64, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
            Assert.Equal("model-00003-of-00003.safetensors", index.RootElement.GetProperty("weight_map").GetProperty("layer.4.weight").GetString());
        }

        using var checkpoint = SafetensorsCheckpoint.Load(dir.Path);
        Assert.Equal(3, checkpoint.Files.Count);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), checkpoint.Names);
        foreach (var (name, tensor) in tensors)
        {
            TensorAssert.BitEqual(tensor, checkpoint.ReadTensor(name));
        }
    }

    [Fact]
    public void ShardedWrite_EverythingFits_WritesSingleModelSafetensors()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();

        var written = SafetensorsShardedWriter.Write(dir.Path, new Dictionary<string, torch.Tensor> { ["w"] = torch.ones(2) }, maxShardBytes: 1 << 20);

        Assert.Equal(["model.safetensors"], written);
        using var checkpoint = SafetensorsCheckpoint.Load(dir.File("model.safetensors"));
        var all = checkpoint.ReadAll(torch.ScalarType.Float64);
        Assert.Equal(torch.ScalarType.Float64, all["w"].dtype);
    }

    [Fact]
    public void Load_IndexNamingMissingShard_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"metadata\":{},\"weight_map\":{\"w\":\"model-00001-of-00002.safetensors\"}}");

        var ex = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Load(dir.Path));

        Assert.Contains("shard 'model-00001-of-00002.safetensors' named in weight_map does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IndexWithPathEscape_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"weight_map\":{\"w\":\"../other.safetensors\"}}");

        var ex = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Load(dir.Path));

        Assert.Contains("is not a plain file name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IndexMappingTensorToWrongShard_IsRefused()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        SafetensorsWriter.Write(dir.File("a.safetensors"), new Dictionary<string, torch.Tensor> { ["x"] = torch.ones(1) });
        SafetensorsWriter.Write(dir.File("b.safetensors"), new Dictionary<string, torch.Tensor> { ["y"] = torch.ones(1) });
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"weight_map\":{\"x\":\"b.safetensors\",\"y\":\"b.safetensors\"}}");

        var ex = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Load(dir.Path));

        Assert.Contains("puts 'x' in 'b.safetensors', but that shard has no such tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsFileNotFoundNamingIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Load("/nonexistent/sharpen-model"));

        Assert.Contains("/nonexistent/sharpen-model", ex.Message, StringComparison.Ordinal);
    }
}
