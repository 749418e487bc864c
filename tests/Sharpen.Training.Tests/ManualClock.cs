namespace Sharpen.Training.Tests;

/// <summary>A clock that moves only when told to (STYLE.md 12: time is injected).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public DateTimeOffset Start { get; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
}
