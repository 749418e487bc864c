namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// One entry of a safetensors header: what a tensor is and where its bytes are, without reading them. Offsets are
/// relative to the start of the data section (just after the header), as in the file.
/// </summary>
/// <param name="Name">Tensor name (a Hugging Face key such as <c>model.norm.weight</c>).</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Begin">First byte, relative to the data section.</param>
/// <param name="End">One past the last byte, relative to the data section.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Byte length of the tensor data.</summary>
    public long ByteLength => End - Begin;

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Shape)
            {
                count *= d;
            }

            return count;
        }
    }
}
