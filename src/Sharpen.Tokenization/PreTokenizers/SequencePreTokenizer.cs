namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>Runs pre-tokenizers one after the other, each on every word of the previous (Hugging Face <c>Sequence</c>).</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        List<string> current = [piece];
        List<string> next = [];
        foreach (var preTokenizer in preTokenizers)
        {
            next.Clear();
            for (var i = 0; i < current.Count; i++)
            {
                preTokenizer.PreTokenize(current[i], atStart && i == 0, next);
            }

            (current, next) = (next, current);
        }

        output.AddRange(current);
    }
}
