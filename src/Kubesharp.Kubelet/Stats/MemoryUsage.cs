namespace Kubesharp.Kubelet.Stats;

/// <summary>Memory use as the Summary API reports it; the working set is what <c>kubectl top</c> shows.</summary>
public sealed record MemoryUsage(DateTimeOffset Time, ulong WorkingSetBytes)
{
    public ulong? UsageBytes { get; init; }

    public ulong? AvailableBytes { get; init; }
}
