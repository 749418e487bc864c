namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>Digits</c>: isolates numbers, one digit per word with <c>individual_digits</c> or runs of digits
/// otherwise. Digits are Unicode decimal digits (<c>char::is_numeric</c> in the reference is close to this).
/// </summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var spans = new List<(int Start, int End, bool IsMatch)>();
        var i = 0;
        while (i < piece.Length)
        {
            var isDigit = char.IsDigit(piece[i]);
            var j = i + 1;
            while (j < piece.Length && char.IsDigit(piece[j]) == isDigit)
            {
                j++;
            }

            if (isDigit && individualDigits)
            {
                for (var k = i; k < j; k++)
                {
                    spans.Add((k, k + 1, true));
                }
            }
            else
            {
                spans.Add((i, j, isDigit));
            }

            i = j;
        }

        foreach (var (start, end) in SplitPreTokenizer.ApplyBehavior(spans, SplitBehavior.Isolated))
        {
            output.Add(piece[start..end]);
        }
    }
}
