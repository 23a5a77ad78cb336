using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Bench.Scheduler;

/// <summary>What the scheduler and density benchmarks share: their flags and the ReplicaSets that make their pods.</summary>
internal static class Workloads
{
    public static int Flag(string[] args, string name, int fallback) =>
        TextFlag(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A flag's text value, or null when absent.</summary>
    public static string? TextFlag(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>A ReplicaSet of small pods (100m, 64Mi) labelled rs=NAME.</summary>
    public static JsonObject ReplicaSet(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["rs"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["rs"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "c",
                        ["image"] = "busybox",
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" } },
                    }),
                },
            },
        },
    };
}
