namespace Kubesharp.Kubelet.Tests.Stats;

/// <summary>A wall clock that moves only when told; enough for code that reads the time but never waits.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
