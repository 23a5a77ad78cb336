namespace Kubesharp.Kubelet.Stats;

/// <summary>One pod's usage (Summary API <c>pods[]</c>); pod cpu and memory are its containers' sums.</summary>
public sealed record PodSummary(string Name, string Namespace, string Uid, DateTimeOffset StartTime, IReadOnlyList<ContainerSummary> Containers)
{
    public CpuUsage? Cpu { get; init; }

    public MemoryUsage? Memory { get; init; }
}
