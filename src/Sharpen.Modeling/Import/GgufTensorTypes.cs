using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>Sizes of ggml types (ggml.c <c>type_traits</c>: block size and bytes per block) and their TorchSharp equivalents.</summary>
public static class GgufTensorTypes
{
    /// <summary>Elements per block and bytes per block, or null for a type whose layout Sharpen does not know.</summary>
    public static (int BlockElements, int BlockBytes)? Layout(this GgufTensorType type) => type switch
    {
        GgufTensorType.F32 or GgufTensorType.I32 => (1, 4),
        GgufTensorType.F16 or GgufTensorType.BF16 or GgufTensorType.I16 => (1, 2),
        GgufTensorType.I8 => (1, 1),
        GgufTensorType.I64 or GgufTensorType.F64 => (1, 8),
        GgufTensorType.Q4_0 => (32, 18),
        GgufTensorType.Q4_1 => (32, 20),
        GgufTensorType.Q5_0 => (32, 22),
        GgufTensorType.Q5_1 => (32, 24),
        GgufTensorType.Q8_0 => (32, 34),
        GgufTensorType.Q8_1 => (32, 36),
        GgufTensorType.Q2_K => (256, 84),
        GgufTensorType.Q3_K => (256, 110),
        GgufTensorType.Q4_K => (256, 144),
        GgufTensorType.Q5_K => (256, 176),
        GgufTensorType.Q6_K => (256, 210),
        GgufTensorType.Q8_K => (256, 292),
        _ => null,
    };

    /// <summary>The TorchSharp type for plain (non-quantised) types; null for block-quantised ones.</summary>
    public static torch.ScalarType? ToScalarType(this GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => torch.ScalarType.Float32,
        GgufTensorType.F16 => torch.ScalarType.Float16,
        GgufTensorType.BF16 => torch.ScalarType.BFloat16,
        GgufTensorType.F64 => torch.ScalarType.Float64,
        GgufTensorType.I8 => torch.ScalarType.Int8,
        GgufTensorType.I16 => torch.ScalarType.Int16,
        GgufTensorType.I32 => torch.ScalarType.Int32,
        GgufTensorType.I64 => torch.ScalarType.Int64,
        _ => null,
    };

    /// <summary>A readable name, also for numbers that are not in <see cref="GgufTensorType"/>.</summary>
    public static string DisplayName(this GgufTensorType type) =>
        Enum.IsDefined(type) ? type.ToString() : $"ggml type {(int)type}";
}
