using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Tests.Subresources;

/// <summary>Small workload objects for the subresource tests.</summary>
internal static class Objects
{
    public static ResourceType Pods => Resources.Catalog.Find("", "v1", "pods")!;

    public static ResourceType ReplicationControllers => Resources.Catalog.Find("", "v1", "replicationcontrollers")!;

    public static ResourceType Budgets => Resources.Catalog.Find("policy", "v1", "poddisruptionbudgets")!;

    public static JsonObject Deployment(string name, long? replicas = 2) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject
            {
                ["matchLabels"] = new JsonObject { ["app"] = "web" },
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "tier", ["operator"] = "In", ["values"] = new JsonArray("a", "b") }),
            },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web", ["tier"] = "a" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }) },
            },
        },
    };

    public static JsonObject ReplicationController(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ReplicationController",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 3,
            ["selector"] = new JsonObject { ["b"] = "2", ["a"] = "1" },
        },
    };

    public static JsonObject Pod(string name, string? phase = null, string? nodeName = null)
    {
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }) };
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = spec,
        };
        if (phase is not null)
        {
            pod["status"] = new JsonObject { ["phase"] = phase };
        }

        return pod;
    }

    public static JsonObject Budget(string name, long disruptionsAllowed, long generation = 1) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["minAvailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["disruptionsAllowed"] = disruptionsAllowed,
            ["currentHealthy"] = 1,
            ["desiredHealthy"] = 1,
            ["expectedPods"] = 1,
        },
    };
}
