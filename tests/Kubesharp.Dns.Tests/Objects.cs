using System.Text.Json.Nodes;

namespace Kubesharp.Dns.Tests;

/// <summary>Services and EndpointSlices as served by the API server, small, for tests.</summary>
internal static class Objects
{
    public static JsonObject Service(string name, string? clusterIp, string? portName = "http", int port = 80, string ns = "default", string type = "ClusterIP", string? externalName = null)
    {
        var spec = new JsonObject { ["type"] = type };
        if (clusterIp is not null)
        {
            spec["clusterIP"] = clusterIp;
        }

        if (externalName is not null)
        {
            spec["externalName"] = externalName;
        }
        else
        {
            var p = new JsonObject { ["port"] = port, ["protocol"] = "TCP" };
            if (portName is not null)
            {
                p["name"] = portName;
            }

            spec["ports"] = new JsonArray(p);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    public static JsonObject Slice(string service, string? portName, int port, params (string Ip, string? Hostname, bool Ready)[] endpoints) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = service + "-xyz",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
        },
        ["addressType"] = "IPv4",
        ["ports"] = new JsonArray(portName is null ? new JsonObject { ["port"] = port } : new JsonObject { ["name"] = portName, ["port"] = port, ["protocol"] = "TCP" }),
        ["endpoints"] = new JsonArray(endpoints.Select(e =>
        {
            var o = new JsonObject { ["addresses"] = new JsonArray(e.Ip), ["conditions"] = new JsonObject { ["ready"] = e.Ready } };
            if (e.Hostname is not null)
            {
                o["hostname"] = e.Hostname;
            }

            return (JsonNode)o;
        }).ToArray()),
    };
}
