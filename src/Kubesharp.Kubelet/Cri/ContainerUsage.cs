namespace Kubesharp.Kubelet.Cri;

/// <summary>One container's cumulative cpu and current memory as the runtime's stats report them.</summary>
public sealed record ContainerUsage(string ContainerId, string Name, DateTimeOffset Timestamp)
{
    /// <summary>Cumulative cpu time used, in core-nanoseconds.</summary>
    public ulong CpuUsageCoreNanoSeconds { get; init; }

    /// <summary>Memory in use minus inactive file pages: what eviction and <c>kubectl top</c> count.</summary>
    public ulong MemoryWorkingSetBytes { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
