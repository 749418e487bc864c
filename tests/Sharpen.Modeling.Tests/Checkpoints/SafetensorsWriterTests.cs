using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Checkpoints;
using Sharpen.TestKit;
using TorchSharp;

namespace Sharpen.Modeling.Tests.Checkpoints;

public sealed class SafetensorsWriterTests
{
    public static TheoryData<string> AllDTypes => new() { "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL" };

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void Write_EveryDType_ReadsBackEqualValuesShapeAndDType(string dtypeName)
    {
        Assert.True(SafetensorsDTypes.TryParse(dtypeName, out var dtype));
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var source = MakeTensor(dtype.ToScalarType(), [3, 5]);
        var scalar = MakeTensor(dtype.ToScalarType(), []);
        var empty = torch.empty([0, 4], dtype.ToScalarType());
        var path = dir.File("t.safetensors");

        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["a.weight"] = source, ["scalar"] = scalar, ["empty"] = empty });

        using var reader = SafetensorsReader.Open(path);
        var back = reader.ReadTensor("a.weight");
        Assert.Equal(source.dtype, back.dtype);
        Assert.Equal([3L, 5L], back.shape);
        TensorAssert.BitEqual(source, back);
        Assert.Equal(dtype, reader.GetInfo("a.weight").DType);
        Assert.Empty(reader.ReadTensor("scalar").shape);
        TensorAssert.BitEqual(scalar, reader.ReadTensor("scalar"));
        Assert.Equal([0L, 4L], reader.ReadTensor("empty").shape);
    }

    [Fact]
    public void Write_OneF32_StoresIeee754LittleEndianBytes()
    {
        // Expected bytes from the IEEE 754 binary32/binary16 and bfloat16 encodings of 1.0 and -2.0 (not from this code):
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000; half 1.0 = 0x3C00; bf16 1.0 = 0x3F80.
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = dir.File("x.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor>
        {
            ["f32"] = torch.tensor(new[] { 1.0f, -2.0f }),
            ["f16"] = torch.tensor(new[] { 1.0f }).to_type(torch.ScalarType.Float16),
            ["bf16"] = torch.tensor(new[] { 1.0f }).to_type(torch.ScalarType.BFloat16),
        });

        using var reader = SafetensorsReader.Open(path);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, reader.GetBytes("f32").ToArray());
        Assert.Equal(new byte[] { 0x00, 0x3C }, reader.GetBytes("f16").ToArray());
        Assert.Equal(new byte[] { 0x80, 0x3F }, reader.GetBytes("bf16").ToArray());
    }

    [Fact]
    public void Write_Header_IsSpacePaddedTo8BytesSortedAndDeterministic()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["zeta"] = torch.ones(3),
            ["alpha"] = torch.zeros(1, torch.ScalarType.Int8),
            ["Beta"] = torch.ones(2, 2),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };

        SafetensorsWriter.Write(dir.File("a.safetensors"), tensors, metadata);
        SafetensorsWriter.Write(dir.File("b.safetensors"), tensors.Reverse(), metadata);

        var a = File.ReadAllBytes(dir.File("a.safetensors"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.safetensors")));
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(a);
        Assert.Equal(0, headerLength % 8);
        var header = Encoding.UTF8.GetString(a, 8, headerLength);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"}", header, StringComparison.Ordinal);
        Assert.Matches("^\\{.*\\} *$", header);
        Assert.True(header.IndexOf("\"Beta\"", StringComparison.Ordinal) < header.IndexOf("\"alpha\"", StringComparison.Ordinal));
        Assert.True(header.IndexOf("\"alpha\"", StringComparison.Ordinal) < header.IndexOf("\"zeta\"", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Write_DuplicateNames_Throws()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var pairs = new[] { KeyValuePair.Create("w", torch.ones(1)), KeyValuePair.Create("w", torch.ones(1)) };

        var ex = Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(dir.File("d.safetensors"), pairs));

        Assert.Contains("'w' appears twice", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("d.safetensors")));
    }

    [Fact]
    public void WriteTo_SmallChunks_CopiesViewsAtTheirOffsets()
    {
        // Forces the chunked path (meant for tensors above 2 GB) with 12-byte chunks to check narrow() views copy the right slices.
        using var scope = torch.NewDisposeScope();
        var source = torch.arange(0, 37, dtype: torch.ScalarType.Float32).reshape(37);
        using var stream = new MemoryStream();

        TensorBytes.WriteTo(source, stream, chunkBytes: 12);

        var bytes = stream.ToArray();
        using var back = TensorBytes.FromBytes(bytes, torch.ScalarType.Float32, [37], chunkBytes: 12);
        TensorAssert.BitEqual(source, back);

        Assert.Equal(36f, BitConverter.ToSingle(bytes, 36 * 4));
    }

    private static torch.Tensor MakeTensor(torch.ScalarType type, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = torch.arange(0, count, dtype: torch.ScalarType.Float64).reshape(shape);
        return type switch
        {
            torch.ScalarType.Bool => values.remainder(2).eq(1),
            torch.ScalarType.Int8 or torch.ScalarType.Int16 or torch.ScalarType.Int32 or torch.ScalarType.Int64 => (values - 7).to_type(type),
            torch.ScalarType.Byte => values.to_type(type),
            _ => ((values * 0.37) - 2.5).to_type(type),
        };
    }
}
