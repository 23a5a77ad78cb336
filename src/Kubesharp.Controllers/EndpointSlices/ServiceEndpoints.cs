using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.EndpointSlices;

/// <summary>One pod behind a Service: its address, readiness and the ports the Service's targetPorts resolve to on it.</summary>
internal sealed record PodEndpoint(JsonObject Pod, string Ip, bool Ready, bool Serving, bool Terminating, IReadOnlyList<ResolvedPort> Ports)
{
    public string PortKey => string.Join(",", Ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
}

/// <summary>A Service port resolved against one pod (a named targetPort finds the container port of that name).</summary>
internal sealed record ResolvedPort(string Name, string Protocol, int Port);

/// <summary>Which pods back a Service and how, shared by the Endpoints and EndpointSlice writers.</summary>
internal static class ServiceEndpoints
{
    public static IReadOnlyList<PodEndpoint> For(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        var result = new List<PodEndpoint>();
        foreach (var pod in pods)
        {
            var ip = Json.Str(pod, "status", "podIP");
            if (string.IsNullOrEmpty(ip) || Json.Str(pod, "status", "phase") is "Succeeded" or "Failed")
            {
                continue;
            }

            var terminating = Json.Str(pod, "metadata", "deletionTimestamp") is not null;
            var ready = Pods.IsReady(pod);
            var ports = Resolve(service, pod);
            if (ports is null)
            {
                continue; // a named targetPort this pod does not expose: not an endpoint for it
            }

            result.Add(new PodEndpoint(pod, ip, publishNotReady || (ready && !terminating), publishNotReady || ready, terminating, ports));
        }

        return result.OrderBy(e => e.Ip, StringComparer.Ordinal).ToList();
    }

    private static List<ResolvedPort>? Resolve(JsonObject service, JsonObject pod)
    {
        var resolved = new List<ResolvedPort>();
        foreach (var port in service["spec"]?["ports"] as JsonArray ?? [])
        {
            var name = Json.Str(port, "name") ?? string.Empty;
            var protocol = Json.Str(port, "protocol") ?? "TCP";
            var target = port?["targetPort"] ?? port?["port"];
            int number;
            if (target is JsonValue v && v.TryGetValue<string>(out var named))
            {
                var found = (pod["spec"]?["containers"] as JsonArray ?? [])
                    .SelectMany(c => c?["ports"] as JsonArray ?? [])
                    .FirstOrDefault(cp => Json.Str(cp, "name") == named && (Json.Str(cp, "protocol") ?? "TCP") == protocol);
                if (found is null)
                {
                    return null;
                }

                number = (int)(Json.Int(found, "containerPort") ?? 0);
            }
            else
            {
                number = (int)(Json.Int(target) ?? 0);
            }

            resolved.Add(new ResolvedPort(name, protocol, number));
        }

        return resolved;
    }
}
