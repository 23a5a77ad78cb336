namespace Kubesharp.Kubelet.Stats;

/// <summary>One running container's usage (Summary API <c>pods[].containers[]</c>).</summary>
public sealed record ContainerSummary(string Name, DateTimeOffset StartTime, CpuUsage Cpu, MemoryUsage Memory);
