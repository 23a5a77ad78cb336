namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>A clock that moves only when told (no timers: the logic under test only reads the time).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
