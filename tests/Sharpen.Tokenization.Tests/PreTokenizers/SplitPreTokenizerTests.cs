using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Tests.PreTokenizers;

public sealed class SplitPreTokenizerTests
{
    // Expected splits of "the-final--countdown" on "-" from the Hugging Face tokenizers documentation of
    // SplitDelimiterBehavior (pre_tokenizers.Split, "behavior" parameter).
    public static TheoryData<string, string[]> DocumentedBehaviors => new()
    {
        { "Removed", ["the", "final", "countdown"] },
        { "Isolated", ["the", "-", "final", "-", "-", "countdown"] },
        { "MergedWithPrevious", ["the-", "final-", "-", "countdown"] },
        { "MergedWithNext", ["the", "-final", "-", "-countdown"] },
        { "Contiguous", ["the", "-", "final", "--", "countdown"] },
    };

    [Theory]
    [MemberData(nameof(DocumentedBehaviors))]
    public void PreTokenize_LiteralDelimiter_FollowsDocumentedBehavior(string behavior, string[] expected)
    {
        var words = new List<string>();

        SplitPreTokenizer.Literal("-", Enum.Parse<SplitBehavior>(behavior), invert: false).PreTokenize("the-final--countdown", atStart: true, words);

        Assert.Equal(expected, words);
    }

    [Fact]
    public void PreTokenize_Inverted_KeepsMatchesAsWordsAndDropsGaps()
    {
        var regex = new CodePointRegex(new System.Text.RegularExpressions.Regex(@"\w+"));
        var words = new List<string>();

        SplitPreTokenizer.Pattern(regex, SplitBehavior.Removed, invert: true).PreTokenize("Hey, friend!", atStart: true, words);

        Assert.Equal(["Hey", "friend"], words);
    }
}
