namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>
/// Splits a normalized text segment into words that the model encodes independently (Hugging Face
/// <c>pre_tokenizer</c>). Words never merge across a split, which is also what makes per-word caching valid.
/// </summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the non-empty words of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    /// <param name="piece">A normalized segment, or a word produced by an earlier pre-tokenizer in a sequence.</param>
    /// <param name="atStart">Whether the piece begins at offset 0 of the original input (Metaspace "first").</param>
    /// <param name="output">Receives the words.</param>
    void PreTokenize(string piece, bool atStart, List<string> output);
}
