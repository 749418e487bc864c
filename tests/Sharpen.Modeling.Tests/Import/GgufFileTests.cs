using System.Text;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Import;
using Sharpen.TestKit;
using TorchSharp;

namespace Sharpen.Modeling.Tests.Import;

public sealed class GgufFileTests
{
    [Fact]
    public void Open_Stories260K_ReadsVersion1MetadataAndTensorInfos()
    {
        // Facts: the header bytes of the shared file (GGUF, version 1, 48 tensors, 18 keys) and shared/README.md's
        // architecture (dim 64, 5 layers, 8 heads, 4 KV heads, hidden 172, vocab 512, context 512).
        using var gguf = GgufFile.Open(SharedData.Path("models", "stories260K-gguf", "tinyllamas-stories-260k-f32.gguf"));

        Assert.Equal(1u, gguf.Version);
        Assert.Equal(48, gguf.Tensors.Count);
        Assert.Equal(18, gguf.Metadata.Count);
        Assert.Equal(32, gguf.Alignment);
        Assert.Equal("llama", gguf.GetString("general.architecture"));
        Assert.Equal(64, gguf.GetInteger("llama.embedding_length"));
        Assert.Equal(172, gguf.GetInteger("llama.feed_forward_length"));
        Assert.Equal(5, gguf.GetInteger("llama.block_count"));
        Assert.Equal(8, gguf.GetInteger("llama.attention.head_count"));
        Assert.Equal(4, gguf.GetInteger("llama.attention.head_count_kv"));
        Assert.Equal(512, gguf.GetInteger("llama.context_length"));
        Assert.Equal(1e-5, gguf.GetFloat("llama.attention.layer_norm_rms_epsilon"));
        Assert.Equal(512, gguf.GetArray<string>("tokenizer.ggml.tokens")!.Length);
        Assert.Equal("<0x0A>", gguf.GetArray<string>("tokenizer.ggml.tokens")![13]);
        var embedding = gguf.GetTensorInfo("token_embd.weight");
        Assert.Equal([64L, 512L], embedding.Dimensions);
        Assert.Equal([512L, 64L], embedding.Shape);
        Assert.Equal(GgufTensorType.F32, embedding.Type);
        var k = gguf.GetTensorInfo("blk.0.attn_k.weight");
        Assert.Equal([32L, 64L], k.Shape);
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(3u)]
    public void Open_HandBuiltFile_ReadsEveryValueTypeArraysAndAlignment(uint version)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.gguf");
        var builder = new GgufBuilder(version, alignment: 64);
        builder.Kv("u8", 0, w => w.Write((byte)200));
        builder.Kv("i8", 1, w => w.Write((sbyte)-5));
        builder.Kv("u16", 2, w => w.Write((ushort)65000));
        builder.Kv("i16", 3, w => w.Write((short)-30000));
        builder.Kv("u32", 4, w => w.Write(4_000_000_000u));
        builder.Kv("i32", 5, w => w.Write(-7));
        builder.Kv("f32", 6, w => w.Write(0.25f));
        builder.Kv("bool", 7, w => w.Write((byte)1));
        builder.Kv("str", 8, w => builder.String(w, "héllo"));
        builder.Kv("u64", 10, w => w.Write(ulong.MaxValue));
        builder.Kv("i64", 11, w => w.Write(long.MinValue));
        builder.Kv("f64", 12, w => w.Write(-1.5));
        builder.Kv("arr.f32", 9, w => { w.Write(6u); builder.Count(w, 3); w.Write(1f); w.Write(2f); w.Write(3f); });
        builder.Kv("arr.str", 9, w => { w.Write(8u); builder.Count(w, 2); builder.String(w, "a"); builder.String(w, "▁b"); });
        builder.Kv("arr.nested", 9, w => { w.Write(9u); builder.Count(w, 1); w.Write(5u); builder.Count(w, 2); w.Write(10); w.Write(-20); });
        // A 2x3 F16 tensor (ggml dims [3, 2]); half 1.0 = 0x3C00, 2.0 = 0x4000, -2.0 = 0xC000 (IEEE 754 binary16).
        builder.Tensor("w", [3, 2], GgufTensorType.F16, [0x00, 0x3C, 0x00, 0x40, 0x00, 0xC0, 0x00, 0x3C, 0x00, 0x00, 0x00, 0x40]);
        builder.Tensor("b", [4], GgufTensorType.F32, [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(-1f), .. BitConverter.GetBytes(0.5f), .. BitConverter.GetBytes(8f)]);
        File.WriteAllBytes(path, builder.Build());

        using var gguf = GgufFile.Open(path);

        Assert.Equal(version, gguf.Version);
        Assert.Equal(64, gguf.Alignment);
        Assert.Equal((byte)200, gguf.Metadata["u8"]);
        Assert.Equal((sbyte)-5, gguf.Metadata["i8"]);
        Assert.Equal((ushort)65000, gguf.Metadata["u16"]);
        Assert.Equal((short)-30000, gguf.Metadata["i16"]);
        Assert.Equal(4_000_000_000u, gguf.Metadata["u32"]);
        Assert.Equal(-7, gguf.Metadata["i32"]);
        Assert.Equal(0.25f, gguf.Metadata["f32"]);
        Assert.Equal(true, gguf.Metadata["bool"]);
        Assert.Equal("héllo", gguf.GetString("str"));
        Assert.Equal(ulong.MaxValue, gguf.Metadata["u64"]);
        Assert.Equal(long.MinValue, gguf.Metadata["i64"]);
        Assert.Equal(-1.5, gguf.Metadata["f64"]);
        Assert.Equal([1f, 2f, 3f], gguf.GetArray<float>("arr.f32")!);
        Assert.Equal(["a", "▁b"], gguf.GetArray<string>("arr.str")!);
        var nested = Assert.IsType<object[]>(gguf.Metadata["arr.nested"]);
        Assert.Equal([10, -20], Assert.IsType<int[]>(nested[0]));

        using var scope = torch.NewDisposeScope();
        var w = gguf.ReadTensor("w");
        Assert.Equal(torch.ScalarType.Float16, w.dtype);
        Assert.Equal([2L, 3L], w.shape);
        Assert.Equal([1f, 2f, -2f, 1f, 0f, 2f], w.to_type(torch.ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([1f, -1f, 0.5f, 8f], gguf.ReadTensor("b").data<float>().ToArray());
        Assert.Equal(0, gguf.DataOffset % 64);
    }

    [Fact]
    public void ReadTensor_QuantisedType_IsRefusedNamingTheType()
    {
        using var dir = new TempDirectory();
        var path = dir.File("q.gguf");
        var builder = new GgufBuilder(3, alignment: 32);
        builder.Tensor("q", [32], GgufTensorType.Q4_0, new byte[18]);
        File.WriteAllBytes(path, builder.Build());
        using var gguf = GgufFile.Open(path);

        var ex = Assert.Throws<CheckpointFormatException>(() => gguf.ReadTensor("q"));

        Assert.Contains("tensor 'q' is stored as Q4_0, a quantised type", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-magic", "not a GGUF file")]
    [InlineData("version-9", "GGUF version 9 is not supported")]
    [InlineData("truncated-data", "tensor 'b' needs bytes [0, 16) of the data section")]
    [InlineData("truncated-header", "truncated: reading length of value of 'general.name' needs 8 bytes at offset 48, but the file ends at 52")]
    [InlineData("huge-count", "cannot fit in the")]
    public void Open_CorruptFile_IsRefusedNamingFileAndProblem(string caseName, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File(caseName + ".gguf");
        var builder = new GgufBuilder(3, alignment: 32);
        builder.Kv("general.name", 8, w => builder.String(w, "x"));
        builder.Tensor("b", [4], GgufTensorType.F32, new byte[16]);
        var bytes = builder.Build();
        bytes = caseName switch
        {
            "bad-magic" => [.. "GGML"u8, .. bytes[4..]],
            "version-9" => [.. bytes[..4], 9, 0, 0, 0, .. bytes[8..]],
            "truncated-data" => bytes[..^8],
            "truncated-header" => bytes[..(bytes.AsSpan().IndexOf("general.name"u8) + 12 + 4 + 4)],
            "huge-count" => [.. bytes[..8], .. BitConverter.GetBytes(long.MaxValue), .. bytes[16..]],
            _ => throw new ArgumentOutOfRangeException(nameof(caseName)),
        };
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<CheckpointFormatException>(() => GgufFile.Open(path));

        Assert.Equal(path, ex.FilePath);
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), ex.Message);
    }

    /// <summary>Writes GGUF bytes by hand from the layout in ggml docs/gguf.md (v2/v3: u64 counts and lengths).</summary>
    private sealed class GgufBuilder(uint version, int alignment)
    {
        private readonly List<(string Key, uint Type, Action<BinaryWriter> Write)> _kvs = [];
        private readonly List<(string Name, long[] Dims, GgufTensorType Type, byte[] Data)> _tensors = [];

        public void Kv(string key, uint type, Action<BinaryWriter> write) => _kvs.Add((key, type, write));

        public void Tensor(string name, long[] dims, GgufTensorType type, byte[] data) => _tensors.Add((name, dims, type, data));

        public void Count(BinaryWriter w, long count)
        {
            if (version == 1)
            {
                w.Write((uint)count);
            }
            else
            {
                w.Write((ulong)count);
            }
        }

        public void String(BinaryWriter w, string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Count(w, bytes.Length);
            w.Write(bytes);
        }

        public byte[] Build()
        {
            using var stream = new MemoryStream();
            using var w = new BinaryWriter(stream);
            w.Write("GGUF"u8);
            w.Write(version);
            var kvs = new List<(string Key, uint Type, Action<BinaryWriter> Write)>(_kvs);
            if (alignment != 32)
            {
                kvs.Add(("general.alignment", 4, x => x.Write((uint)alignment)));
            }

            Count(w, _tensors.Count);
            Count(w, kvs.Count);
            foreach (var (key, type, write) in kvs)
            {
                String(w, key);
                w.Write(type);
                write(w);
            }

            long offset = 0;
            var offsets = new List<long>();
            foreach (var (name, dims, type, data) in _tensors)
            {
                String(w, name);
                w.Write((uint)dims.Length);
                foreach (var d in dims)
                {
                    Count(w, d);
                }

                w.Write((uint)type);
                w.Write((ulong)offset);
                offsets.Add(offset);
                offset += (data.Length + alignment - 1) / alignment * alignment;
            }

            Pad(w);
            var dataStart = stream.Position;
            for (var i = 0; i < _tensors.Count; i++)
            {
                stream.Position = dataStart + offsets[i];
                w.Write(_tensors[i].Data);
            }

            w.Flush();
            return stream.ToArray();
        }

        private void Pad(BinaryWriter w)
        {
            while (w.BaseStream.Position % alignment != 0)
            {
                w.Write((byte)0);
            }
        }
    }
}
