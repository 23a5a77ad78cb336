namespace Kubesharp.Kubelet.Env;

/// <summary>The node's allocatable CPU and memory: what resourceFieldRef reports for a container without a limit, as upstream.</summary>
/// <param name="CpuMilli">Allocatable CPU in millicores.</param>
/// <param name="MemoryBytes">Allocatable memory in bytes.</param>
public sealed record NodeAllocatable(long CpuMilli, long MemoryBytes)
{
    /// <summary>Ephemeral storage in bytes (limits.ephemeral-storage without a limit).</summary>
    public long EphemeralStorageBytes { get; init; }
}
