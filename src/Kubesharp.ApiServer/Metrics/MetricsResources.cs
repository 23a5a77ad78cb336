using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// metrics.k8s.io/v1beta1 as metrics-server serves it: read-only, computed from the kubelets, never
/// stored. Listed in discovery beside the catalogue, not in it, so nothing treats them as stored.
/// </summary>
public static class MetricsResources
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";

    private static readonly string[] ReadVerbs = ["get", "list"];

    public static ResourceType Nodes { get; } = new(Group, Version, "nodes", "NodeMetrics", false, [], []) { Verbs = ReadVerbs };

    public static ResourceType Pods { get; } = new(Group, Version, "pods", "PodMetrics", true, [], []) { Verbs = ReadVerbs };

    public static IReadOnlyList<ResourceType> All { get; } = [Nodes, Pods];
}
