namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// The node's and its containers' resource use: node cpu/memory from /proc, containers from CRI
/// ListContainerStats. Each call takes a fresh sample; cpu rates come from the previous call's sample.
/// </summary>
public interface INodeStats
{
    Task<StatsSummary> GetSummaryAsync(CancellationToken cancellationToken);
}
