namespace Kubesharp.ApiServer.Tests.Certificates;

/// <summary>A clock the test sets; timers are the system's (the tests call the check themselves).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
