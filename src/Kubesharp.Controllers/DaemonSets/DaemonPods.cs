using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.DaemonSets;

/// <summary>The pods a DaemonSet places: which nodes qualify, which node a pod is for, and the pod itself.</summary>
internal static class DaemonPods
{
    /// <summary>Upstream adds these to every daemon pod so a failing or pressured node keeps its daemons.</summary>
    private static readonly (string Key, string Effect)[] AutomaticTolerations =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    public static bool Eligible(JsonObject template, JsonObject node)
    {
        var labels = node["metadata"]?["labels"] as JsonObject;
        if (template["spec"]?["nodeSelector"] is JsonObject selector
            && !selector.All(kv => Json.Str(labels?[kv.Key]) == Json.Str(kv.Value)))
        {
            return false;
        }

        var tolerations = WithAutomaticTolerations(template);
        foreach (var taint in node["spec"]?["taints"] as JsonArray ?? [])
        {
            if (Json.Str(taint, "effect") is "NoSchedule" or "NoExecute" && !tolerations.Any(t => Common.Tolerations.Tolerates(t, taint!)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The node a daemon pod is meant for: its spec.nodeName, else its metadata.name node affinity.</summary>
    public static string? TargetNode(JsonObject pod) =>
        Json.Str(pod, "spec", "nodeName")
        ?? (pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray)?
            .SelectMany(t => t?["matchFields"] as JsonArray ?? [])
            .Where(f => Json.Str(f, "key") == "metadata.name")
            .Select(f => Json.Str(f?["values"]?[0]))
            .FirstOrDefault();

    public static JsonObject NewPod(JsonObject ds, JsonObject template, string node, string hash)
    {
        var copy = (JsonObject)template.DeepClone();
        var meta = copy["metadata"] as JsonObject ?? new JsonObject();
        copy["metadata"] = meta;
        var labels = meta["labels"] as JsonObject ?? new JsonObject();
        meta["labels"] = labels;
        labels[DaemonSetController.RevisionLabel] = hash;
        var spec = copy["spec"] as JsonObject ?? new JsonObject();
        copy["spec"] = spec;
        var affinity = spec["affinity"] as JsonObject ?? new JsonObject();
        spec["affinity"] = affinity;
        affinity["nodeAffinity"] = new JsonObject
        {
            ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
            {
                ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                {
                    ["matchFields"] = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray(node) }),
                }),
            },
        };
        var tolerations = spec["tolerations"] as JsonArray ?? new JsonArray();
        spec["tolerations"] = tolerations;
        foreach (var (key, effect) in AutomaticTolerations)
        {
            if (!tolerations.Any(t => Json.Str(t, "key") == key && Json.Str(t, "effect") == effect))
            {
                tolerations.Add((JsonNode)new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
            }
        }

        var ns = Json.Str(ds, "metadata", "namespace")!;
        return PodTemplates.NewPod(copy, ns, OwnerReferences.For(ds, "apps/v1", "DaemonSet"), Json.Str(ds, "metadata", "name") + "-");
    }

    private static List<JsonObject> WithAutomaticTolerations(JsonObject template)
    {
        var list = (template["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        list.AddRange(AutomaticTolerations.Select(a => new JsonObject { ["key"] = a.Key, ["operator"] = "Exists", ["effect"] = a.Effect }));
        return list;
    }
}
