using Sharpen.Tokenization.Decoders;

namespace Sharpen.Tokenization.Tests.Decoders;

public sealed class MetaspaceDecoderTests
{
    [Fact]
    public void DecodeChain_WithPrefix_DropsFirstTokensMetaspace()
    {
        // huggingface/tokenizers pre_tokenizers/metaspace.rs test "decode": ["▁Hey", "▁friend!"] → ["Hey", " friend!"].
        var result = new MetaspaceDecoder('\u2581', dropInFirstToken: true).DecodeChain(["\u2581Hey", "\u2581friend!"]);

        Assert.Equal(["Hey", " friend!"], result);
    }

    [Fact]
    public void DecodeChain_NeverPrepended_KeepsLeadingSpace()
    {
        var result = new MetaspaceDecoder('\u2581', dropInFirstToken: false).DecodeChain(["\u2581Hey"]);

        Assert.Equal([" Hey"], result);
    }
}
