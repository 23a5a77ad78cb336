namespace Kubesharp.Controllers.Tests.Support;

/// <summary>A clock that moves only when told (for logic that reads the time but sets no timers).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
