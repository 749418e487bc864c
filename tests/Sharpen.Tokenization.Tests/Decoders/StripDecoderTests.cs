using Sharpen.Tokenization.Decoders;

namespace Sharpen.Tokenization.Tests.Decoders;

public sealed class StripDecoderTests
{
    [Theory]
    // (token, start, stop, expected): at most `start` leading and `stop` trailing copies of the content are removed.
    [InlineData("  Hey  ", 1, 0, " Hey  ")]
    [InlineData("  Hey  ", 0, 1, "  Hey ")]
    [InlineData("  Hey  ", 5, 5, "Hey")]
    [InlineData("Hey", 1, 1, "Hey")]
    [InlineData(" ", 1, 1, "")]
    public void DecodeChain_Token_StripsBoundedCounts(string token, int start, int stop, string expected)
    {
        var result = new StripDecoder(' ', start, stop).DecodeChain([token]);

        Assert.Equal([expected], result);
    }
}
