namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>A clock stuck at one instant, in UTC, so <c>strftime_now</c> renders deterministically.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
