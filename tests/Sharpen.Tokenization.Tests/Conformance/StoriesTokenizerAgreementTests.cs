using Sharpen.TestKit;

namespace Sharpen.Tokenization.Tests.Conformance;

/// <summary>
/// The stories260K tokenizer exists in two formats: the SentencePiece <c>tok512.model</c> (llama2.c) and the
/// Hugging Face conversion <c>stories260K-hf/tokenizer.json</c> (merges ranked, normalizer sequence spelled out).
/// The two go through different code (score-ordered vs rank-ordered BPE, protobuf vs JSON), so agreement on varied
/// text is a cross-check of both.
/// </summary>
public sealed class StoriesTokenizerAgreementTests
{
    private static readonly Lazy<Tokenizer> s_json = new(() => TokenizerLoader.LoadTokenizerJson(
        SharedData.Path("models", "stories260K-hf", "tokenizer.json"),
        SharedData.Path("models", "stories260K-hf", "tokenizer_config.json")));

    private static readonly Lazy<Tokenizer> s_model = new(() => TokenizerLoader.LoadSentencePiece(
        SharedData.Path("models", "stories260K-llama2c", "tok512.model")));

    public static TheoryData<string> Texts => new()
    {
        "Once upon a time, there was a little girl named Lily.",
        "Lily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't know what to do.",
        string.Empty,
        " ",
        "   leading and trailing   ",
        "many     inner      spaces",
        "line one\nline two\n\n\ttabbed",
        "Ünïcödé café — “quotes” and ’apostrophes’",
        "emoji 🦙🚀 and CJK 我想在apple工作",
        "numbers 3 33 333 3.14159 and symbols #$%^&*()[]{}",
        "<s>Once</s> upon <unk> a time",
        "ALL CAPS SHOUTING AND MiXeD cAsE",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Encode_SameTextBothFormats_GiveIdenticalIds(string text)
    {
        Assert.Equal(s_model.Value.Encode(text, addSpecialTokens: false), s_json.Value.Encode(text, addSpecialTokens: false));
        Assert.Equal(s_model.Value.Encode(text, addSpecialTokens: true), s_json.Value.Encode(text, addSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Decode_SameIdsBothFormats_GiveIdenticalText(string text)
    {
        var ids = s_model.Value.Encode(text, addSpecialTokens: true);

        Assert.Equal(s_model.Value.Decode(ids), s_json.Value.Decode(ids));
        Assert.Equal(s_model.Value.Decode(ids, skipSpecialTokens: true), s_json.Value.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Encode_OnceUponATime_UsesWholeWordPiecesAfterBos()
    {
        // Ids are line numbers - 1 in tok512.vocab (sentencepiece's own vocabulary dump):
        // <s> line 2, ▁Once line 404, ▁upon line 408, ▁a line 262, ▁time line 379.
        int[] expected = [1, 403, 407, 261, 378];

        Assert.Equal(expected, s_model.Value.Encode("Once upon a time"));
        Assert.Equal(expected, s_json.Value.Encode("Once upon a time"));
        Assert.Equal("Once upon a time", s_json.Value.Decode(expected, skipSpecialTokens: true));
    }

    [Theory]
    [InlineData("Once upon a time, there was a little girl named Lily.")]
    [InlineData("line one\nline two\n\n\ttabbed")]
    [InlineData("Ünïcödé café — “quotes” and ’apostrophes’")]
    [InlineData("emoji 🦙🚀 and CJK 我想在apple工作")]
    public void Decode_EncodedText_RoundTrips(string text)
    {
        // No leading/trailing/double spaces here: remove_extra_whitespaces drops those by design.
        Assert.Equal(text, s_model.Value.Decode(s_model.Value.Encode(text), skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_ByteFallbackPieces_AssembleUtf8()
    {
        // 我 (U+6211) is E6 88 91 in UTF-8; byte pieces <0xNN> sit at id 3 + NN (tok512.vocab lines 4..259).
        // "▁t" is id 259 (line 260) and "he" id 260 (line 261).
        int[] ids = [259, 260, 3 + 0xE6, 3 + 0x88, 3 + 0x91];

        Assert.Equal("the我", s_model.Value.Decode(ids));
        Assert.Equal("the我", s_json.Value.Decode(ids));
    }

    [Fact]
    public void Encode_CharacterOutsideVocabulary_FallsBackToUtf8Bytes()
    {
        var ids = s_model.Value.Encode("我", addSpecialTokens: false);

        // The dummy prefix ▁ is piece 410 (tok512.vocab line 411); 我 (U+6211) has no piece, so its UTF-8 bytes
        // E6 88 91 are emitted as <0xNN> pieces, id 3 + NN.
        Assert.Equal([410, 3 + 0xE6, 3 + 0x88, 3 + 0x91], ids);
        Assert.Equal(ids, s_json.Value.Encode("我", addSpecialTokens: false));
    }
}
