namespace Kubesharp.Kubelet.Stats;

/// <summary>The node-wide numbers read from the proc filesystem at one instant.</summary>
internal sealed record ProcSample(ulong CpuCoreNanoSeconds, ulong MemoryTotalBytes, ulong MemoryUsageBytes, ulong MemoryWorkingSetBytes, DateTimeOffset BootTime);
