using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Networking;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Services;

/// <summary>
/// The endpoints of the <c>default/kubernetes</c> Service, which the API server keeps itself (as
/// upstream's endpoint reconciler does): the address pods reach it at and its port, as an Endpoints
/// object and an EndpointSlice, so the service proxy sends 10.43.0.1:443 here. Written at every start
/// because the address or port may have changed.
/// </summary>
internal sealed class KubernetesServiceEndpoints
{
    private const string Name = "kubernetes";
    private const string Namespace = "default";
    private readonly ResourceRegistry _registry;
    private readonly IResourceCatalog _catalog;

    public KubernetesServiceEndpoints(ResourceRegistry registry, IResourceCatalog catalog)
    {
        _registry = registry;
        _catalog = catalog;
    }

    /// <summary>
    /// Where pods can reach an API server listening on <paramref name="bind"/>: that address itself, or
    /// for a wildcard the first non-loopback IPv4 of an interface that is up; null when it listens on
    /// loopback only (nothing outside this host can reach it then).
    /// </summary>
    public static IPAddress? Advertised(IPAddress bind)
    {
        if (IPAddress.IsLoopback(bind))
        {
            return null;
        }

        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return bind;
        }

        return HostAddresses.FirstIPv4();
    }

    public async Task WriteAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var ip = address.ToString();
        var endpoints = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
            }),
        };
        var slice = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Name } },
            ["addressType"] = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray(ip), ["conditions"] = new JsonObject { ["ready"] = true } }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        };
        await CreateOrReplaceAsync(_catalog.Find("", "v1", "endpoints")!, endpoints, cancellationToken).ConfigureAwait(false);
        await CreateOrReplaceAsync(_catalog.Find("discovery.k8s.io", "v1", "endpointslices")!, slice, cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateOrReplaceAsync(ResourceType type, JsonObject desired, CancellationToken cancellationToken)
    {
        try
        {
            await _registry.CreateAsync(type, Namespace, desired, WriteOptions.None, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Written by an earlier start: replace its content, keeping its identity.
            var existing = await _registry.GetAsync(new ObjectRef(type, Namespace, Name), cancellationToken).ConfigureAwait(false);
            desired["metadata"]!["resourceVersion"] = existing["metadata"]!["resourceVersion"]!.DeepClone();
            desired["metadata"]!["namespace"] = Namespace;
            await _registry.UpdateAsync(new ObjectRef(type, Namespace, Name), desired, null, WriteOptions.None, cancellationToken).ConfigureAwait(false);
        }
    }
}
