using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// The PriorityClasses every cluster has (upstream's SystemPriorityClasses), created on start
/// when missing: system-node-critical and system-cluster-critical, above any user class.
/// </summary>
internal static class SystemPriorityClasses
{
    public static readonly IReadOnlyList<(string Name, long Value, string Description)> All =
    [
        ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        ("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    public static (string Name, long Value, string Description)? Find(string name) =>
        All.Any(c => c.Name == name) ? All.First(c => c.Name == name) : null;

    public static async Task BootstrapAsync(ResourceRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var type = BuiltInResources.Get("scheduling.k8s.io", "priorityclasses");
        foreach (var (name, value, description) in All)
        {
            try
            {
                await registry.CreateAsync(
                    type,
                    null,
                    new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["value"] = value, ["description"] = description },
                    WriteOptions.None,
                    cancellationToken);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                // Created on an earlier start.
            }
        }
    }
}
