namespace Sharpen.Tokenization.PostProcessors;

/// <summary>
/// Hugging Face <c>TemplateProcessing</c> for a single sequence, for example <c>&lt;s&gt; $A</c> (Llama) or
/// <c>&lt;|begin_of_text|&gt; $A</c> (Llama-3); also used for BERT/RoBERTa-style <c>[CLS] $A [SEP]</c> and for the
/// BOS/EOS flags of <c>tokenizer_config.json</c>. Each element is either a run of special ids or the sequence itself.
/// </summary>
internal sealed class TemplatePostProcessor(IReadOnlyList<int[]?> template) : IPostProcessor
{
    /// <summary>Template elements: an array of special ids, or null where the input sequence goes.</summary>
    public IReadOnlyList<int[]?> Template { get; } = template;

    public static TemplatePostProcessor BosEos(int? bos, int? eos)
    {
        var template = new List<int[]?>();
        if (bos is { } b)
        {
            template.Add([b]);
        }

        template.Add(null);
        if (eos is { } e)
        {
            template.Add([e]);
        }

        return new TemplatePostProcessor(template);
    }

    public List<int> Process(List<int> ids)
    {
        var result = new List<int>(ids.Count + 4);
        foreach (var element in Template)
        {
            if (element is null)
            {
                result.AddRange(ids);
            }
            else
            {
                result.AddRange(element);
            }
        }

        return result;
    }
}
