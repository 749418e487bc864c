using System.Text.RegularExpressions;

namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>ByteLevel</c> pre-tokenizer: optionally prefixes a space, optionally splits with the GPT-2 word
/// pattern, then rewrites every word's UTF-8 bytes into <see cref="ByteLevelAlphabet"/> characters.
/// </summary>
internal sealed class ByteLevelPreTokenizer : IPreTokenizer
{
    /// <summary>The GPT-2 pattern (openai/gpt-2 <c>encoder.py</c>), used when <c>use_regex</c> is true.</summary>
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly CodePointRegex s_gpt2 = new(new Regex(Gpt2Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant));

    private readonly bool _addPrefixSpace;
    private readonly bool _useRegex;

    public ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex)
    {
        _addPrefixSpace = addPrefixSpace;
        _useRegex = useRegex;
    }

    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        if (_addPrefixSpace && !piece.StartsWith(' '))
        {
            piece = " " + piece;
        }

        if (!_useRegex)
        {
            if (piece.Length > 0)
            {
                output.Add(ByteLevelAlphabet.Encode(piece));
            }

            return;
        }

        var matches = new List<(int Start, int Length)>();
        s_gpt2.Matches(piece, matches);
        var position = 0;
        foreach (var (start, length) in matches)
        {
            if (start > position)
            {
                output.Add(ByteLevelAlphabet.Encode(piece[position..start]));
            }

            output.Add(ByteLevelAlphabet.Encode(piece.Substring(start, length)));
            position = start + length;
        }

        if (position < piece.Length)
        {
            output.Add(ByteLevelAlphabet.Encode(piece[position..]));
        }
    }
}
