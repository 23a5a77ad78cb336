namespace Kubesharp.Kubelet.Stats;

/// <summary>The node's own usage (Summary API <c>node</c>).</summary>
public sealed record NodeSummary(string NodeName, DateTimeOffset StartTime, CpuUsage Cpu, MemoryUsage Memory);
