using Sharpen.Tokenization.Tests.Fixtures;

namespace Sharpen.Tokenization.Tests;

public sealed class TokenizerTests
{
    [Fact]
    public void Encode_Llama3WithSpecialTokens_PrependsBeginOfText()
    {
        // llama.cpp tests/test-tokenizer-0.cpp (commented reference table): "Hello world" → 9906 1917;
        // tokenizer.json's TemplateProcessing puts <|begin_of_text|> (128000) first.
        Assert.Equal([128000, 9906, 1917], SharedTokenizers.Llama3.Encode("Hello world"));
        Assert.Equal([9906, 1917], SharedTokenizers.Llama3.Encode("Hello world", addSpecialTokens: false));
    }

    [Fact]
    public void Decode_Llama3Special_KeptOrSkipped()
    {
        Assert.Equal("<|begin_of_text|>Hello world", SharedTokenizers.Llama3.Decode([128000, 9906, 1917]));
        Assert.Equal("Hello world", SharedTokenizers.Llama3.Decode([128000, 9906, 1917], skipSpecialTokens: true));
    }

    [Fact]
    public void Encode_Qwen2ChatMarkupInText_BecomesSingleSpecialIds()
    {
        // <|im_start|> = 151644, <|im_end|> = 151645 (qwen2.5-derived/tokenizer_config.json added_tokens_decoder);
        // "user" = 872, "\n" = 198 (Ċ), "Hello" = 9707 per the same tokenizer.json vocabulary.
        var ids = SharedTokenizers.Qwen2.Encode("<|im_start|>user\nHello<|im_end|>");

        Assert.Equal([151644, 872, 198, 9707, 151645], ids);
        Assert.Equal("user\nHello", SharedTokenizers.Qwen2.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Encode_SpecialMarkupWithParsingOff_IsOrdinaryText()
    {
        var ids = SharedTokenizers.Qwen2.Encode("<|im_end|>", addSpecialTokens: false, parseSpecialTokens: false);

        Assert.DoesNotContain(151645, ids);
        Assert.True(ids.Count > 1);
        Assert.Equal("<|im_end|>", SharedTokenizers.Qwen2.Decode(ids));
    }

    [Fact]
    public void Encode_Qwen2DecomposedAccent_NormalizedToComposedForm()
    {
        // Qwen2's normalizer is NFC: "e" + U+0301 COMBINING ACUTE must encode like the precomposed U+00E9.
        Assert.Equal(SharedTokenizers.Qwen2.Encode("caf\u00E9"), SharedTokenizers.Qwen2.Encode("cafe\u0301"));
    }

    [Fact]
    public void Encode_Gpt2WithSpecialTokens_AddsNothing()
    {
        // GPT-2's post-processor is ByteLevel (offsets only); 15496 995 are "Hello" " world" in the gpt-2 vectors.
        Assert.Equal([15496, 995], SharedTokenizers.Gpt2.Encode("Hello world"));
        Assert.Equal(50256, SharedTokenizers.Gpt2.EosTokenId);
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData(" Leading space and  double  spaces ")]
    [InlineData("Code:\n\tfor (int i = 0; i < 10; i++) { sum += i; }\n")]
    [InlineData("Ünïcödé, 我想在apple工作, нещо на Български, 🦙🚀")]
    public void Decode_MistralEncoded_RoundTrips(string text)
    {
        var tokenizer = SharedTokenizers.Mistral;

        var ids = tokenizer.Encode(text);

        Assert.Equal(1, ids[0]); // <s>, from the TemplateProcessing post-processor
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_MistralTextAfterSpecialToken_GainsLegacySpace()
    {
        // Known Llama/Mistral "legacy" behaviour of the reference: the ▁ prefix is prepended to every text segment,
        // including the one right after a special token, so "<s>[INST]" decodes as "<s> [INST]". Not a round trip.
        var tokenizer = SharedTokenizers.Mistral;

        var ids = tokenizer.Encode("<s>[INST] hi", addSpecialTokens: false);

        Assert.Equal(1, ids[0]);
        Assert.Equal("\u2581[", tokenizer.IdToToken(ids[1]));
        Assert.Equal("<s> [INST] hi", tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_MistralLoadedWithConfig_HasLlamaSpecials()
    {
        var tokenizer = SharedTokenizers.Mistral;

        Assert.Equal(32000, tokenizer.VocabSize);
        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal("<0x0A>", tokenizer.IdToToken(13));
        Assert.Equal(13, tokenizer.TokenToId("<0x0A>"));
        Assert.Null(tokenizer.IdToToken(32000));
        Assert.Null(tokenizer.TokenToId("no such token"));
    }

    [Fact]
    public void Encode_ConcurrentCallers_GetSameIdsAsSequential()
    {
        var tokenizer = SharedTokenizers.Llama3;
        var texts = Enumerable.Range(0, 200).Select(i => $"Row {i}: the quick brown fox {i * 7} jumps over {i % 13} lazy dogs.").ToArray();
        var sequential = texts.Select(t => tokenizer.Encode(t).ToArray()).ToArray();

        var parallel = new int[texts.Length][];
        Parallel.For(0, texts.Length, i => parallel[i] = [.. tokenizer.Encode(texts[i])]);

        Assert.Equal(sequential, parallel);
    }
}
