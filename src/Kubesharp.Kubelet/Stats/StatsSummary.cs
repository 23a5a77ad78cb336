namespace Kubesharp.Kubelet.Stats;

/// <summary>What the kubelet's <c>/stats/summary</c> and <c>/metrics/resource</c> are written from.</summary>
public sealed record StatsSummary(NodeSummary Node, IReadOnlyList<PodSummary> Pods);
