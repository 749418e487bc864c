using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Tests.Cleaning;

public sealed class TextNormalizerTests
{
    [Theory]
    // NFKC pairs from Unicode UAX #15 (compatibility decomposition): ligature fi, full-width letters, circled digit.
    [InlineData("\uFB01ne", "fine")]
    [InlineData("\uFF28\uFF45\uFF4C\uFF4C\uFF4F", "Hello")]
    [InlineData("\u2460", "1")]
    [InlineData("  a \t\n b\u00A0c  ", "a b c")]
    [InlineData("cafe\u0301", "caf\u00E9")]
    public void Normalize_NfkcAndWhitespace(string input, string expected)
    {
        Assert.True(TextNormalizer.NfkcAvailable, "The test host runs with ICU (InvariantGlobalization=false in the test project).");
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void CollapseWhitespace_EveryWhiteSpaceCharInAnyPlace_MatchesSplitAndJoin()
    {
        // Reference: string.Split with no separators splits on exactly the chars char.IsWhiteSpace accepts, so
        // joining the non-empty parts with ' ' is an independent statement of "collapse runs to one space, trim".
        var whiteSpace = Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray();
        var random = new Random(5);
        foreach (var ws in whiteSpace)
        {
            foreach (var text in new[] { $"a{ws}b", $"{ws}a b", $"a b{ws}", $"a {ws}b", $"a{ws} b", $"{ws}", "a b", "ab" })
            {
                Assert.Equal(Reference(text), TextNormalizer.CollapseWhitespace(text));
            }
        }

        for (var i = 0; i < 2000; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => random.Next(3) == 0 ? whiteSpace[random.Next(whiteSpace.Length)] : random.Next(4) == 0 ? ' ' : (char)('a' + random.Next(26)))
                .ToArray();
            var text = new string(chars);
            Assert.Equal(Reference(text), TextNormalizer.CollapseWhitespace(text));
        }

        static string Reference(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
