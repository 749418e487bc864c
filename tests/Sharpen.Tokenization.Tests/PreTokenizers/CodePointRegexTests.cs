using System.Globalization;
using System.Text.RegularExpressions;
using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Tests.PreTokenizers;

public sealed class CodePointRegexTests
{
    public static TheoryData<UnicodeCategory> Categories()
    {
        var data = new TheoryData<UnicodeCategory>();
        foreach (var category in Enum.GetValues<UnicodeCategory>().Where(c => c != UnicodeCategory.Surrogate))
        {
            data.Add(category);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void StandIn_EachCategory_HasThatCategory(UnicodeCategory category)
    {
        Assert.Equal(category, CharUnicodeInfo.GetUnicodeCategory(CodePointRegex.StandIn(category)));
    }

    [Fact]
    public void Matches_AstralLetterInsideWord_IsPartOfTheLetterRun()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter (Lu) per UnicodeData.txt; the Rust regex engine of
        // Hugging Face tokenizers therefore keeps "a𝐀b" as one \p{L}+ word. Plain .NET would see two surrogates.
        var regex = new CodePointRegex(new Regex(ByteLevelPreTokenizer.Gpt2Pattern));
        var text = "x a\U0001D400b 7";
        var matches = new List<(int Start, int Length)>();

        regex.Matches(text, matches);

        Assert.Equal(["x", " a\U0001D400b", " 7"], matches.Select(m => text.Substring(m.Start, m.Length)));
    }

    [Fact]
    public void Matches_EmojiRun_StaysOneSymbolRun()
    {
        var regex = new CodePointRegex(new Regex(ByteLevelPreTokenizer.Gpt2Pattern));
        var text = "hi 🦙🚀!";
        var matches = new List<(int Start, int Length)>();

        regex.Matches(text, matches);

        Assert.Equal(["hi", " 🦙🚀!"], matches.Select(m => text.Substring(m.Start, m.Length)));
    }
}
