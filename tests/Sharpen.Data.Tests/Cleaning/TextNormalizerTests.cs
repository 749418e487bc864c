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
}
