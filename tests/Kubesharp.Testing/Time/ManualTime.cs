namespace Kubesharp.Testing.Time;

/// <summary>
/// A wall clock that moves only when the test sets or advances it. Timers stay the system's: it is for
/// logic that reads the time but never waits on it.
/// </summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    /// <summary>Starts at 2026-01-01T00:00:00Z.</summary>
    public ManualTime()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
