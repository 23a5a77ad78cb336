using System.Text.Json.Nodes;

namespace Kubesharp.Proxy.Tests;

/// <summary>Services and EndpointSlices as the API server serves them, built small for tests.</summary>
internal static class Objects
{
    public static JsonObject Service(string name, string? clusterIp, string type = "ClusterIP", int port = 80, int nodePort = 0, string? portName = null, string ns = "default")
    {
        var p = new JsonObject { ["port"] = port, ["protocol"] = "TCP", ["targetPort"] = 8080 };
        if (portName is not null)
        {
            p["name"] = portName;
        }

        if (nodePort > 0)
        {
            p["nodePort"] = nodePort;
        }

        var spec = new JsonObject { ["type"] = type, ["ports"] = new JsonArray(p) };
        if (clusterIp is not null)
        {
            spec["clusterIP"] = clusterIp;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    public static JsonObject Slice(string service, int port, string? portName, params (string Ip, string? Node, bool Ready)[] endpoints) =>
        Slice(service + "-abc", service, port, portName, "default", endpoints);

    public static JsonObject Slice(string name, string service, int port, string? portName, string ns, params (string Ip, string? Node, bool Ready)[] endpoints)
    {
        var p = new JsonObject { ["port"] = port, ["protocol"] = "TCP" };
        if (portName is not null)
        {
            p["name"] = portName;
        }

        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
            },
            ["addressType"] = "IPv4",
            ["ports"] = new JsonArray(p),
            ["endpoints"] = new JsonArray(endpoints.Select(e =>
            {
                var o = new JsonObject
                {
                    ["addresses"] = new JsonArray(e.Ip),
                    ["conditions"] = new JsonObject { ["ready"] = e.Ready },
                };
                if (e.Node is not null)
                {
                    o["nodeName"] = e.Node;
                }

                return (JsonNode)o;
            }).ToArray()),
        };
    }

    public static JsonObject With(this JsonObject obj, string specField, JsonNode value)
    {
        ((JsonObject)obj["spec"]!)[specField] = value;
        return obj;
    }
}
