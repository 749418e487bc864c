namespace Sharpen.Tokenization.PostProcessors;

/// <summary>Adds the special tokens of a single sequence when encoding with special tokens (Hugging Face <c>post_processor</c>).</summary>
internal interface IPostProcessor
{
    List<int> Process(List<int> ids);
}
