using Sharpen.Tokenization.Normalizers;

namespace Sharpen.Tokenization.Tests.Normalizers;

public sealed class CanonicalNormalizerTests
{
    // Expected NFC and NFD forms computed with Python 3.11 unicodedata.normalize (Unicode 14.0), an implementation
    // independent of this one: combining-mark reordering, Hangul, singletons (Å U+212B, Ω U+2126), composition
    // exclusions (U+0958, U+0F73, U+1D15E), blocked and unblocked compositions.
    [Theory]
    [InlineData("cafe\u0301", "caf\u00E9", "cafe\u0301")]
    [InlineData("e\u0323\u0302", "\u1EC7", "e\u0323\u0302")]
    [InlineData("a\u0301\u0328", "\u0105\u0301", "a\u0328\u0301")]
    [InlineData("\u212B", "\u00C5", "A\u030A")]
    [InlineData("\u2126", "\u03A9", "\u03A9")]
    [InlineData("\u0958", "\u0915\u093C", "\u0915\u093C")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01", "\u1100\u1161\u11A8")]
    [InlineData("\uAC00\u11A8", "\uAC01", "\u1100\u1161\u11A8")]
    [InlineData("\u1E9B\u0323", "\u1E9B\u0323", "\u017F\u0323\u0307")]
    [InlineData("q\u0307\u0323", "q\u0323\u0307", "q\u0323\u0307")]
    [InlineData("\u00C5\u0300", "\u00C5\u0300", "A\u030A\u0300")]
    [InlineData("A\u030A", "\u00C5", "A\u030A")]
    [InlineData("\u05B8\u05B9\u05B1\u0591\u05C3\u05B0\u05AC\u059F", "\u05B1\u05B8\u05B9\u0591\u05C3\u05B0\u05AC\u059F", "\u05B1\u05B8\u05B9\u0591\u05C3\u05B0\u05AC\u059F")]
    [InlineData("a\u0315\u0300\u05AE\u0300b", "\u00E0\u05AE\u0300\u0315b", "a\u05AE\u0300\u0300\u0315b")]
    [InlineData("\u00C4\u0308", "\u00C4\u0308", "A\u0308\u0308")]
    [InlineData("\U0001D15E", "\U0001D157\U0001D165", "\U0001D157\U0001D165")]
    [InlineData("\u0344", "\u0308\u0301", "\u0308\u0301")]
    [InlineData("\u0F73", "\u0F71\u0F72", "\u0F71\u0F72")]
    [InlineData("plain ascii", "plain ascii", "plain ascii")]
    [InlineData("\u0390 \u03B9\u0308\u0301", "\u0390 \u0390", "\u03B9\u0308\u0301 \u03B9\u0308\u0301")]
    public void Normalize_ReferenceCase_MatchesPythonUnicodedata(string input, string nfc, string nfd)
    {
        Assert.Equal(nfc, CanonicalNormalizer.Normalize(input, compose: true));
        Assert.Equal(nfd, CanonicalNormalizer.Normalize(input, compose: false));
    }

    [Fact]
    public void Normalize_TextBelowCombiningMarks_ReturnsSameInstance()
    {
        const string text = "Plain Latin-1 text: café, naïve, Ångström.";

        Assert.Same(text, CanonicalNormalizer.Normalize(text, compose: true));
    }
}
