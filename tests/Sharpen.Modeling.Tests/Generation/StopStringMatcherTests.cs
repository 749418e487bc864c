using Sharpen.Modeling.Generation;

namespace Sharpen.Modeling.Tests.Generation;

public sealed class StopStringMatcherTests
{
    [Fact]
    public void FindFirst_TwoStops_ReturnsEarliest()
    {
        var matcher = new StopStringMatcher(["\n\n", "User:"]);

        Assert.Equal(6, matcher.FindFirst("Hello User: hi\n\n", 0));
        Assert.Equal(-1, matcher.FindFirst("Hello there", 0));
    }

    [Theory]
    [InlineData("The answer is 4\nUse", 3)] // "Use" may grow into "User:"
    [InlineData("The answer is 4\n", 1)] // "\n" may grow into "\n\n"
    [InlineData("The answer is 4", 0)]
    public void HeldBackLength_SuffixThatMayBecomeAStop_IsHeld(string text, int expected)
    {
        var matcher = new StopStringMatcher(["\n\n", "User:"]);

        Assert.Equal(expected, matcher.HeldBackLength(text));
    }

    [Fact]
    public void HeldBackLength_NoStops_HoldsNothing()
    {
        var matcher = new StopStringMatcher([]);

        Assert.Equal(0, matcher.HeldBackLength("anything"));
        Assert.Equal(0, matcher.LongestLength);
    }
}
