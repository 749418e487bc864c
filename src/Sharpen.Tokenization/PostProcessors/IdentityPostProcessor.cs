namespace Sharpen.Tokenization.PostProcessors;

/// <summary>
/// A post-processor that leaves ids alone: Hugging Face's <c>ByteLevel</c> processor only trims offsets, which this
/// library does not produce.
/// </summary>
internal sealed class IdentityPostProcessor : IPostProcessor
{
    public static readonly IdentityPostProcessor Instance = new();

    public List<int> Process(List<int> ids) => ids;
}
