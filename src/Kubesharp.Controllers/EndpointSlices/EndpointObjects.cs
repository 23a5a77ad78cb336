using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.EndpointSlices;

/// <summary>Builds the Endpoints object and the EndpointSlices a Service's endpoints should be written as.</summary>
internal static class EndpointObjects
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const int MaxEndpointsPerSlice = 100;

    /// <summary>The legacy Endpoints: one subset per distinct port mapping, ready and not-ready addresses apart.</summary>
    public static JsonObject Endpoints(JsonObject service, IReadOnlyList<PodEndpoint> endpoints)
    {
        var subsets = new JsonArray();
        foreach (var group in endpoints.GroupBy(e => e.PortKey))
        {
            var subset = new JsonObject();
            var ready = new JsonArray();
            var notReady = new JsonArray();
            foreach (var e in group.Where(e => !e.Terminating || e.Ready))
            {
                (e.Ready ? ready : notReady).Add((JsonNode)Address(e));
            }

            if (ready.Count > 0)
            {
                subset["addresses"] = ready;
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = notReady;
            }

            if (ready.Count + notReady.Count == 0)
            {
                continue;
            }

            subset["ports"] = Ports(group.First().Ports);
            subsets.Add((JsonNode)subset);
        }

        var endpointsObject = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = Json.Str(service, "metadata", "name"),
                ["namespace"] = Json.Str(service, "metadata", "namespace"),
                ["labels"] = service["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            },
        };
        if (subsets.Count > 0)
        {
            endpointsObject["subsets"] = subsets;
        }

        return endpointsObject;
    }

    /// <summary>Slices of at most 100 endpoints, one port mapping each (discovery.k8s.io/v1).</summary>
    public static IReadOnlyList<JsonObject> Slices(JsonObject service, IReadOnlyList<PodEndpoint> endpoints)
    {
        var slices = new List<JsonObject>();
        var groups = endpoints.GroupBy(e => e.PortKey).ToList();
        if (groups.Count == 0)
        {
            // An empty slice still says "this Service has no endpoints", as upstream writes it.
            slices.Add(Slice(service, [], PortsOfService(service)));
        }

        foreach (var group in groups)
        {
            foreach (var chunk in group.Chunk(MaxEndpointsPerSlice))
            {
                slices.Add(Slice(service, chunk, Ports(chunk[0].Ports)));
            }
        }

        return slices;
    }

    private static JsonObject Slice(JsonObject service, IReadOnlyList<PodEndpoint> chunk, JsonArray ports)
    {
        var items = new JsonArray();
        foreach (var e in chunk)
        {
            var item = new JsonObject
            {
                ["addresses"] = new JsonArray(e.Ip),
                ["conditions"] = new JsonObject { ["ready"] = e.Ready, ["serving"] = e.Serving, ["terminating"] = e.Terminating },
                ["targetRef"] = TargetRef(e.Pod),
            };
            if (Json.Str(e.Pod, "spec", "nodeName") is { } node)
            {
                item["nodeName"] = node;
            }

            if (Json.Str(e.Pod, "spec", "hostname") is { } hostname)
            {
                item["hostname"] = hostname;
            }

            items.Add((JsonNode)item);
        }

        var labels = service["metadata"]?["labels"]?.DeepClone() as JsonObject ?? new JsonObject();
        labels[ServiceNameLabel] = Json.Str(service, "metadata", "name");
        labels[ManagedByLabel] = ManagedBy;
        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["namespace"] = Json.Str(service, "metadata", "namespace"),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerReferences.For(service, "v1", "Service")),
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = items,
            ["ports"] = ports,
        };
    }

    private static JsonObject Address(PodEndpoint e)
    {
        var address = new JsonObject { ["ip"] = e.Ip, ["targetRef"] = TargetRef(e.Pod) };
        if (Json.Str(e.Pod, "spec", "nodeName") is { } node)
        {
            address["nodeName"] = node;
        }

        return address;
    }

    private static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = Json.Str(pod, "metadata", "namespace"),
        ["name"] = Json.Str(pod, "metadata", "name"),
        ["uid"] = Json.Str(pod, "metadata", "uid"),
    };

    private static JsonArray Ports(IEnumerable<ResolvedPort> ports)
    {
        var list = new JsonArray();
        foreach (var p in ports)
        {
            var port = new JsonObject { ["port"] = p.Port, ["protocol"] = p.Protocol };
            if (p.Name.Length > 0)
            {
                port["name"] = p.Name;
            }

            list.Add((JsonNode)port);
        }

        return list;
    }

    private static JsonArray PortsOfService(JsonObject service) =>
        Ports((service["spec"]?["ports"] as JsonArray ?? []).Select(p => new ResolvedPort(Json.Str(p, "name") ?? string.Empty, Json.Str(p, "protocol") ?? "TCP", (int)(Json.Int(p, "targetPort") ?? Json.Int(p, "port") ?? 0))));
}
