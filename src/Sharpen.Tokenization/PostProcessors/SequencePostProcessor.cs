namespace Sharpen.Tokenization.PostProcessors;

/// <summary>Runs post-processors in order (Hugging Face <c>Sequence</c>, e.g. Llama-3's ByteLevel + TemplateProcessing).</summary>
internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> processors) : IPostProcessor
{
    public IReadOnlyList<IPostProcessor> Processors { get; } = processors;

    public List<int> Process(List<int> ids)
    {
        foreach (var processor in Processors)
        {
            ids = processor.Process(ids);
        }

        return ids;
    }
}
