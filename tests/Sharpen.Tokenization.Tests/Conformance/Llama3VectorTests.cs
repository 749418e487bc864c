using Sharpen.Tokenization.Tests.Fixtures;

namespace Sharpen.Tokenization.Tests.Conformance;

/// <summary>
/// <c>shared/tokenizers/llama3_1/tokenizer.json</c> against llama.cpp's <c>ggml-vocab-llama-bpe</c> vectors
/// (generated from Meta-Llama-3's tokenizer, whose BPE vocabulary and merges Llama-3.1 shares).
/// </summary>
public sealed class Llama3VectorTests
{
    private const string Vocab = "llama-bpe";
    private static readonly IReadOnlyList<(string Input, int[] Ids)> s_cases = LlamaCppVectors.Read(Vocab);

    public static TheoryData<int, string> Cases => LlamaCppVectors.Cases(Vocab);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_LlamaCppCase_MatchesReferenceIds(int index, string shown)
    {
        _ = shown;
        var (input, expected) = s_cases[index];

        var ids = SharedTokenizers.Llama3.Encode(input, addSpecialTokens: false);

        Assert.Equal(expected, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_LlamaCppCaseIds_ReturnsInput(int index, string shown)
    {
        _ = shown;
        var (input, expected) = s_cases[index];

        var text = SharedTokenizers.Llama3.Decode(expected);

        Assert.Equal(input, text);
    }
}
