using Sharpen.Tokenization.Decoders;

namespace Sharpen.Tokenization.Tests.Decoders;

public sealed class ByteFallbackDecoderTests
{
    // Cases and expected outputs from huggingface/tokenizers tokenizers/src/decoders/byte_fallback.rs (test "decode").
    public static TheoryData<string[], string[]> ReferenceCases => new()
    {
        { ["Hey", "friend!"], ["Hey", "friend!"] },
        { ["<0x61>"], ["a"] },
        { ["<0xE5>"], ["\uFFFD"] },
        { ["<0xE5>", "<0x8f>"], ["\uFFFD", "\uFFFD"] },
        { ["<0xE5>", "<0x8f>", "<0xab>"], ["叫"] },
        { ["<0xE5>", "<0x8f>", "<0xab>", "a"], ["叫", "a"] },
        { ["<0xE5>", "<0x8f>", "a"], ["\uFFFD", "\uFFFD", "a"] },
    };

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void DecodeChain_ReferenceCase_MatchesHuggingFace(string[] tokens, string[] expected)
    {
        var result = new ByteFallbackDecoder().DecodeChain([.. tokens]);

        Assert.Equal(expected, result);
    }
}
