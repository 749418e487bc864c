namespace Sharpen.Modeling.Import;

/// <summary>
/// One GGUF tensor info. <see cref="Dimensions"/> are in ggml order (<c>ne[0]</c>, the fastest-varying, first); data is
/// row-major, so the PyTorch shape is the reverse (<see cref="Shape"/>).
/// </summary>
/// <param name="Name">Tensor name in llama.cpp's scheme (<c>blk.0.attn_q.weight</c>).</param>
/// <param name="Dimensions">ggml dimensions, innermost first.</param>
/// <param name="Type">Element or block type.</param>
/// <param name="Offset">Byte offset inside the data section (a multiple of the file's alignment).</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgufTensorType Type, long Offset)
{
    /// <summary>The shape in PyTorch order (outermost first).</summary>
    public long[] Shape => [.. Dimensions.Reverse()];

    /// <summary>Number of elements.</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (a, d) => a * d);
}
