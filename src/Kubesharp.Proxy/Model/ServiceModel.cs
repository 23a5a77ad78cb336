using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Proxy.Model;

/// <summary>Reads Services and EndpointSlices (JSON, as served) into the proxy's model.</summary>
internal static class ServiceModel
{
    /// <summary>The label an EndpointSlice names its Service with.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The Service's proxy view, or null when the proxy has nothing to program (ExternalName, headless, no IPv4 ClusterIP and no node ports).</summary>
    public static ServiceInfo? ReadService(JsonObject service)
    {
        var spec = service["spec"] as JsonObject;
        if (spec is null || Str(spec, "type") == "ExternalName")
        {
            return null;
        }

        var type = Str(spec, "type") ?? "ClusterIP";
        var clusterIp = Str(spec, "clusterIP");
        // Written back in canonical form: nft must never see "010.43.0.1" and read it differently.
        clusterIp = clusterIp is not null && TryIPv4(clusterIp, out var canonical) ? canonical : null;

        var ports = new List<ServicePortInfo>();
        if (spec["ports"] is JsonArray array)
        {
            foreach (var p in array.OfType<JsonObject>())
            {
                var port = Int(p, "port");
                if (port is null or <= 0 or > 65535)
                {
                    continue;
                }

                ports.Add(new ServicePortInfo(Str(p, "name") ?? "", Protocol(Str(p, "protocol")), port.Value, Int(p, "nodePort") ?? 0));
            }
        }

        var external = type is "NodePort" or "LoadBalancer";
        var externalIps = spec["externalIPs"] is JsonArray ips
            ? ips.Select(i => i is JsonValue v && v.TryGetValue<string>(out var text) && TryIPv4(text, out var ip) ? ip : null).OfType<string>().ToArray()
            : [];
        if ((clusterIp is null && !external) || ports.Count == 0)
        {
            return null;
        }

        var affinity = 0;
        if (Str(spec, "sessionAffinity") == "ClientIP")
        {
            affinity = spec["sessionAffinityConfig"] is JsonObject c && c["clientIP"] is JsonObject ci ? Int(ci, "timeoutSeconds") ?? 10800 : 10800;
        }

        return new ServiceInfo(
            ObjectKeys.Key(service),
            clusterIp,
            ports,
            external,
            type == "LoadBalancer",
            Str(spec, "externalTrafficPolicy") == "Local" && (external || externalIps.Length > 0),
            affinity,
            externalIps);
    }

    /// <summary>"namespace/service" an EndpointSlice belongs to, or null when it names none.</summary>
    public static string? SliceServiceKey(JsonObject slice)
    {
        var name = slice["metadata"]?["labels"]?[ServiceNameLabel] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return name is null ? null : ObjectKeys.Key(ObjectKeys.Namespace(slice), name);
    }

    /// <summary>Ready IPv4 endpoints of the given slices, one per address (first slice wins).</summary>
    public static IReadOnlyList<EndpointInfo> ReadEndpoints(IEnumerable<JsonObject> slices)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<EndpointInfo>();
        foreach (var slice in slices)
        {
            if (Str(slice, "addressType") is { } family && family != "IPv4")
            {
                continue;
            }

            var ports = new Dictionary<string, int>(StringComparer.Ordinal);
            if (slice["ports"] is JsonArray sp)
            {
                foreach (var p in sp.OfType<JsonObject>())
                {
                    if (Int(p, "port") is { } number)
                    {
                        ports[Str(p, "name") ?? ""] = number;
                    }
                }
            }

            if (slice["endpoints"] is not JsonArray endpoints)
            {
                continue;
            }

            foreach (var e in endpoints.OfType<JsonObject>())
            {
                // As upstream: a missing ready condition means ready.
                if (e["conditions"] is JsonObject cond && cond["ready"] is JsonValue r && r.TryGetValue<bool>(out var ready) && !ready)
                {
                    continue;
                }

                if (e["addresses"] is not JsonArray { Count: > 0 } addresses || addresses[0] is not JsonValue a || !a.TryGetValue<string>(out var text) || !TryIPv4(text, out var address))
                {
                    continue;
                }

                if (seen.Add(address))
                {
                    result.Add(new EndpointInfo(address, Str(e, "nodeName"), ports));
                }
            }
        }

        return result;
    }

    private static string Protocol(string? protocol) => protocol switch
    {
        "UDP" => "udp",
        "SCTP" => "sctp",
        _ => "tcp",
    };

    private static bool TryIPv4(string text, out string canonical)
    {
        var ok = IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3;
        canonical = ok ? ip!.ToString() : "";
        return ok;
    }

    private static string? Str(JsonObject o, string field) => o[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonObject o, string field) => o[field] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
