using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.EndpointSlices;

namespace Kubesharp.Controllers.EndpointSliceMirroring;

/// <summary>
/// The EndpointSlices that mirror one hand-written Endpoints object, as upstream's mirroring
/// controller builds them: one slice per subset and address family, ready addresses ready, not-ready
/// ones not, the Endpoints' labels copied, controlled by the Endpoints object.
/// </summary>
internal static class MirroredSlices
{
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>Upstream mirrors at most this many addresses of one Endpoints object.</summary>
    public const int MaxAddresses = 1000;

    public static IReadOnlyList<JsonObject> For(JsonObject endpoints)
    {
        var slices = new List<JsonObject>();
        var budget = MaxAddresses;
        foreach (var subset in (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var ports = Ports(subset);
            var byFamily = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
            foreach (var (address, ready) in Addresses(subset))
            {
                if (budget-- <= 0 || Json.Str(address, "ip") is not { } ip || !IPAddress.TryParse(ip, out var parsed))
                {
                    continue;
                }

                var family = parsed.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                if (!byFamily.TryGetValue(family, out var items))
                {
                    byFamily[family] = items = [];
                }

                items.Add((JsonNode)Endpoint(address, ip, ready));
            }

            foreach (var (family, items) in byFamily.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                slices.Add(Slice(endpoints, family, items, (JsonArray)ports.DeepClone()));
            }
        }

        return slices;
    }

    private static IEnumerable<(JsonObject Address, bool Ready)> Addresses(JsonObject subset) =>
        (subset["addresses"] as JsonArray ?? []).OfType<JsonObject>().Select(a => (a, true))
            .Concat((subset["notReadyAddresses"] as JsonArray ?? []).OfType<JsonObject>().Select(a => (a, false)));

    private static JsonObject Endpoint(JsonObject address, string ip, bool ready)
    {
        var item = new JsonObject
        {
            ["addresses"] = new JsonArray(ip),
            ["conditions"] = new JsonObject { ["ready"] = ready },
        };
        foreach (var field in new[] { "hostname", "nodeName" })
        {
            if (Json.Str(address, field) is { Length: > 0 } value)
            {
                item[field] = value;
            }
        }

        if (address["targetRef"] is JsonObject targetRef)
        {
            item["targetRef"] = targetRef.DeepClone();
        }

        return item;
    }

    private static JsonArray Ports(JsonObject subset)
    {
        var ports = new JsonArray();
        foreach (var p in (subset["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var port = new JsonObject { ["port"] = Json.Int(p, "port"), ["protocol"] = Json.Str(p, "protocol") ?? "TCP" };
            if (Json.Str(p, "name") is { } name)
            {
                port["name"] = name;
            }

            if (Json.Str(p, "appProtocol") is { } appProtocol)
            {
                port["appProtocol"] = appProtocol;
            }

            ports.Add((JsonNode)port);
        }

        return ports;
    }

    private static JsonObject Slice(JsonObject endpoints, string family, JsonArray items, JsonArray ports)
    {
        var name = Json.Str(endpoints, "metadata", "name");
        var labels = endpoints["metadata"]?["labels"]?.DeepClone() as JsonObject ?? new JsonObject();
        labels[EndpointObjects.ServiceNameLabel] = name;
        labels[EndpointObjects.ManagedByLabel] = ManagedBy;
        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["namespace"] = Json.Str(endpoints, "metadata", "namespace"),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerReferences.For(endpoints, "v1", "Endpoints")),
            },
            ["addressType"] = family,
            ["endpoints"] = items,
            ["ports"] = ports,
        };
    }
}
