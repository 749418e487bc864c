using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Tests.PreTokenizers;

public sealed class ByteLevelAlphabetTests
{
    [Theory]
    // Well-known GPT-2 spellings: space = Ġ (U+0120), newline = Ċ (U+010A), tab = ĉ (U+0109), 'A' stays 'A',
    // 0xAD (soft hyphen byte) = Ń (U+0143, the last of the 68 remapped bytes).
    [InlineData(0x20, '\u0120')]
    [InlineData(0x0A, '\u010A')]
    [InlineData(0x09, '\u0109')]
    [InlineData(0x41, 'A')]
    [InlineData(0xAD, '\u0143')]
    public void ToChar_KnownByte_MatchesGpt2Table(int value, char expected)
    {
        Assert.Equal(expected, ByteLevelAlphabet.ToChar((byte)value));
    }

    [Fact]
    public void TryToByte_EveryByte_RoundTrips()
    {
        for (var b = 0; b < 256; b++)
        {
            Assert.True(ByteLevelAlphabet.TryToByte(ByteLevelAlphabet.ToChar((byte)b), out var back));
            Assert.Equal(b, back);
        }
    }
}
