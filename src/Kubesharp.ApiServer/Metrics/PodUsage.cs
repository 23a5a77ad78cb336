namespace Kubesharp.ApiServer.Metrics;

/// <summary>One pod's containers' usage as its node's kubelet measured it at <see cref="Time"/>.</summary>
public sealed record PodUsage(string Namespace, string Name, DateTimeOffset Time, IReadOnlyList<ContainerUsage> Containers);
