namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// The element types a safetensors header may name (the <c>dtype</c> field). Only the types Sharpen can map onto a
/// TorchSharp scalar type are listed; anything else in a header is refused rather than silently skipped.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 double.</summary>
    F64,

    /// <summary>IEEE 754 single.</summary>
    F32,

    /// <summary>IEEE 754 half.</summary>
    F16,

    /// <summary>bfloat16 (the upper half of an F32).</summary>
    BF16,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>One byte per element, 0 or 1.</summary>
    BOOL,
}
