namespace Kubesharp.ApiServer.Metrics;

/// <summary>What one kubelet reported: the node's own usage and its pods'.</summary>
public sealed record NodeUsage(string NodeName, DateTimeOffset Time, ulong NanoCores, ulong WorkingSetBytes, IReadOnlyList<PodUsage> Pods);
