using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Tests.PreTokenizers;

public sealed class MetaspacePreTokenizerTests
{
    // Expected words from huggingface/tokenizers pre_tokenizers/metaspace.rs tests "basic" and "multiple_spaces".
    [Theory]
    [InlineData("Hey friend!", new[] { "\u2581Hey", "\u2581friend!" })]
    [InlineData("Hey   friend!", new[] { "\u2581Hey", "\u2581", "\u2581", "\u2581friend!" })]
    public void PreTokenize_AlwaysPrepend_SplitsBeforeEachMetaspace(string text, string[] expected)
    {
        var words = new List<string>();

        new MetaspacePreTokenizer('\u2581', PrependScheme.Always, split: true).PreTokenize(text, atStart: true, words);

        Assert.Equal(expected, words);
    }

    [Fact]
    public void PreTokenize_FirstScheme_PrependsOnlyAtInputStart()
    {
        var pre = new MetaspacePreTokenizer('\u2581', PrependScheme.First, split: false);
        var words = new List<string>();

        pre.PreTokenize("a b", atStart: true, words);
        pre.PreTokenize("c d", atStart: false, words);

        Assert.Equal(["\u2581a\u2581b", "c\u2581d"], words);
    }
}
