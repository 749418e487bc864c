using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Checkpoints;
using Sharpen.TestKit;
using TorchSharp;

namespace Sharpen.Modeling.Tests.Checkpoints;

public sealed class SafetensorsReaderTests
{
    [Fact]
    public void Open_Stories260K_HasTheKeysAndShapesOfItsPublishedArchitecture()
    {
        // Facts from shared/README.md (llama2.c doc/stories260K.md): dim 64, hidden 172, 5 layers, 8 heads, 4 KV heads,
        // head_dim 64/8 = 8, vocab 512, tied embeddings (so no lm_head.weight). Key names are Hugging Face Llama's.
        const int dim = 64, hidden = 172, layers = 5, kvDim = 4 * 8, vocab = 512;
        var expected = new Dictionary<string, long[]>
        {
            ["model.embed_tokens.weight"] = [vocab, dim],
            ["model.norm.weight"] = [dim],
        };
        for (var i = 0; i < layers; i++)
        {
            var p = $"model.layers.{i}.";
            expected[p + "self_attn.q_proj.weight"] = [dim, dim];
            expected[p + "self_attn.k_proj.weight"] = [kvDim, dim];
            expected[p + "self_attn.v_proj.weight"] = [kvDim, dim];
            expected[p + "self_attn.o_proj.weight"] = [dim, dim];
            expected[p + "mlp.gate_proj.weight"] = [hidden, dim];
            expected[p + "mlp.up_proj.weight"] = [hidden, dim];
            expected[p + "mlp.down_proj.weight"] = [dim, hidden];
            expected[p + "input_layernorm.weight"] = [dim];
            expected[p + "post_attention_layernorm.weight"] = [dim];
        }

        using var reader = SafetensorsReader.Open(SharedData.Path("models", "stories260K-hf", "model.safetensors"));

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), reader.Names);
        foreach (var (name, shape) in expected)
        {
            var info = reader.GetInfo(name);
            Assert.Equal(SafetensorsDType.F32, info.DType);
            Assert.Equal(shape, info.Shape);
        }

        Assert.Equal("pt", reader.Metadata["format"]);
        using var scope = torch.NewDisposeScope();
        var norm = reader.ReadTensor("model.norm.weight");
        Assert.Equal(torch.ScalarType.Float32, norm.dtype);
        Assert.Equal(BitConverter.ToSingle(reader.GetBytes("model.norm.weight")[..4]), norm[0].item<float>());
        Assert.Equal(torch.ScalarType.BFloat16, reader.ReadTensor("model.norm.weight", torch.ScalarType.BFloat16).dtype);
    }

    public static TheoryData<string, string> CorruptFiles => new()
    {
        { "truncated-prefix", "truncated: the file has 5 bytes" },
        { "header-past-eof", "header length 4096 (bytes 0-7) runs past the end of the file" },
        { "huge-header", "exceeds the 100000000-byte limit" },
        { "bad-json", "the header is not valid JSON" },
        { "not-object", "the header must be a JSON object" },
        { "unknown-dtype", "tensor 'w': unknown dtype 'F8_E4M3'" },
        { "overlap", "tensors 'a' [0, 8) and 'b' [4, 12) overlap" },
        { "offsets-past-eof", "tensor 'w': data_offsets [0, 16] run past the end of the data section (8 bytes)" },
        { "truncated-data", "tensor 'w': data_offsets [0, 8] run past the end of the data section (5 bytes)" },
        { "shape-mismatch", "tensor 'w': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8" },
        { "negative-dim", "tensor 'w': shape entry -1 is not a non-negative integer" },
        { "reversed-range", "tensor 'w': data_offsets [8,0] is not a valid range" },
        { "metadata-not-string", "'__metadata__.n' must be a string" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Open_CorruptFile_IsRefusedNamingFileAndProblem(string caseName, string expectedProblem)
    {
        using var dir = new TempDirectory();
        var path = dir.File(caseName + ".safetensors");
        File.WriteAllBytes(path, BuildCorrupt(caseName));

        var ex = Assert.Throws<CheckpointFormatException>(() => SafetensorsReader.Open(path));

        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HandWrittenFileWithGap_ReadsBothTensors()
    {
        // Gaps between ranges are allowed by the format (only overlaps are errors).
        using var dir = new TempDirectory();
        var path = dir.File("gap.safetensors");
        var data = new byte[12];
        BitConverter.TryWriteBytes(data.AsSpan(0), 1.5f);
        BitConverter.TryWriteBytes(data.AsSpan(8), -3.25f);
        File.WriteAllBytes(path, Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", data));

        using var reader = SafetensorsReader.Open(path);
        using var a = reader.ReadTensor("a");
        using var b = reader.ReadTensor("b");

        Assert.Equal(1.5f, a.item<float>());
        Assert.Equal(-3.25f, b[0].item<float>());
        Assert.Throws<KeyNotFoundException>(() => reader.GetInfo("c"));
    }

    private static byte[] BuildCorrupt(string caseName)
    {
        const string w8 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        return caseName switch
        {
            "truncated-prefix" => [1, 0, 0, 0, 0],
            "header-past-eof" => WithLength(4096, "{}"),
            "huge-header" => WithLength(200_000_000, "{}"),
            "bad-json" => Build("{\"w\":{\"dtype\":\"F32\",", new byte[8]),
            "not-object" => Build("[1,2,3]", []),
            "unknown-dtype" => Build("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[8]),
            "overlap" => Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
            "offsets-past-eof" => Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]),
            "truncated-data" => Build(w8, new byte[8])[..^3],
            "shape-mismatch" => Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
            "negative-dim" => Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", new byte[8]),
            "reversed-range" => Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8]),
            "metadata-not-string" => Build("{\"__metadata__\":{\"n\":1}}", []),
            _ => throw new ArgumentOutOfRangeException(nameof(caseName), caseName, null),
        };
    }

    /// <summary>A file laid out by hand per the safetensors README: u64 LE header length, JSON, data.</summary>
    private static byte[] Build(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] WithLength(ulong declared, string header)
    {
        var bytes = Build(header, []);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declared);
        return bytes;
    }
}
