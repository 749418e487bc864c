using Sharpen.Tokenization.Tests.Fixtures;

namespace Sharpen.Tokenization.Tests.Conformance;

/// <summary>
/// Our tokenizers against llama.cpp's <c>tests/test-tokenizer-0</c> vectors (<c>shared/tokenizers/llama.cpp-test-vectors</c>),
/// for every vocabulary whose tokenizer files we have: <c>llama-spm</c> with Llama-2's <c>tokenizer.model</c>,
/// <c>llama-bpe</c> with Llama-3.1's <c>tokenizer.json</c> (Meta-Llama-3's BPE vocabulary and merges, which 3.1 shares),
/// <c>qwen2</c> with the Qwen2.5 <c>tokenizer.json</c>, and <c>gpt-2</c> with GPT-2's. Inputs are encoded without
/// special tokens, as the reference does, and the reference ids must decode back to the input.
/// </summary>
public sealed class LlamaCppVectorTests
{
    private static readonly Dictionary<string, Func<Tokenizer>> s_tokenizers = new(StringComparer.Ordinal)
    {
        ["llama-spm"] = () => SharedTokenizers.Llama2SentencePiece,
        ["llama-bpe"] = () => SharedTokenizers.Llama3,
        ["qwen2"] = () => SharedTokenizers.Qwen2,
        ["gpt-2"] = () => SharedTokenizers.Gpt2,
    };

    public static TheoryData<string, int, string> Cases => LlamaCppVectors.Cases([.. s_tokenizers.Keys]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_LlamaCppCase_MatchesReferenceIds(string vocab, int index, string shown)
    {
        _ = shown;
        var (input, expected) = LlamaCppVectors.Read(vocab)[index];

        var ids = s_tokenizers[vocab]().Encode(input, addSpecialTokens: false);

        Assert.Equal(expected, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_LlamaCppCaseIds_ReturnsInput(string vocab, int index, string shown)
    {
        _ = shown;
        var (input, expected) = LlamaCppVectors.Read(vocab)[index];

        var text = s_tokenizers[vocab]().Decode(expected);

        Assert.Equal(input, text);
    }
}
