using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// Where the usage of one node comes from. The default asks the node's kubelet; a simulated (hollow)
/// node can plug in its own.
/// </summary>
public interface INodeUsageSource
{
    /// <summary>The usage of <paramref name="node"/> (a Node object), or null when it cannot be had (no kubelet, unreachable).</summary>
    Task<NodeUsage?> FetchAsync(JsonObject node, CancellationToken cancellationToken);
}
