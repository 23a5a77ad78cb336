using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>
/// Where a node's kubelet listens: its InternalIP (else another address) and
/// status.daemonEndpoints.kubeletEndpoint.Port (upstream's 10250 when unset), as upstream resolves it.
/// </summary>
internal sealed class KubeletLocation(ResourceRegistry registry, IResourceCatalog catalog)
{
    private const int DefaultPort = 10250;
    private static readonly string[] AddressPreference = ["InternalIP", "ExternalIP", "Hostname"];

    /// <exception cref="ApiException">404 for a missing node, 503 when it publishes no address.</exception>
    public async Task<Uri> BaseUriAsync(string nodeName, CancellationToken cancellationToken)
    {
        var nodes = catalog.Find("", "v1", "nodes") ?? throw ApiErrors.ResourceNotFound();
        var node = await registry.GetAsync(new ObjectRef(nodes, null, nodeName), cancellationToken);
        return BaseUri(node);
    }

    internal static Uri BaseUri(JsonObject node)
    {
        var name = node["metadata"]?["name"]?.GetValue<string>() ?? "";
        var addresses = (node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => (Type: a["type"]?.GetValue<string>() ?? "", Address: a["address"]?.GetValue<string>() ?? ""))
            .Where(a => a.Address.Length > 0)
            .ToList();
        var address = AddressPreference.Select(t => addresses.FirstOrDefault(a => a.Type == t).Address).FirstOrDefault(a => a is not null)
            ?? throw new ApiException(503, "ServiceUnavailable", $"no preferred addresses found; known addresses: [] for node {name}");
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"]?.GetValue<int>() is int p and > 0 ? p : DefaultPort;
        var host = System.Net.IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
        return new Uri($"https://{host}:{port}/");
    }
}
