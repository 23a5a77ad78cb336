using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>The status a ReplicaSet/RC reports for its active pods (upstream's calculateStatus).</summary>
internal static class ReplicaStatus
{
    public static JsonObject Compute(JsonObject owner, IReadOnlyList<JsonObject> activePods, DateTimeOffset now)
    {
        var templateLabels = owner["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        var minReady = Json.Int(owner, "spec", "minReadySeconds") ?? 0;
        var status = new JsonObject
        {
            ["replicas"] = activePods.Count,
            ["fullyLabeledReplicas"] = activePods.Count(p => HasAll(p, templateLabels)),
            ["readyReplicas"] = activePods.Count(Pods.IsReady),
            ["availableReplicas"] = activePods.Count(p => Pods.IsAvailable(p, minReady, now)),
            ["observedGeneration"] = Json.Int(owner, "metadata", "generation") ?? 0,
        };
        if (owner["status"]?["conditions"] is JsonArray conditions && conditions.Count > 0)
        {
            status["conditions"] = conditions.DeepClone();
        }

        return status;
    }

    /// <summary>Status objects compare equal when every field the controller writes is the same (zeros may be omitted upstream).</summary>
    public static bool SameAs(JsonObject computed, JsonNode? current)
    {
        foreach (var (name, value) in computed)
        {
            var existing = current?[name];
            if (value is JsonValue v && v.TryGetValue<long>(out var number))
            {
                if ((Json.Int(existing) ?? 0) != number)
                {
                    return false;
                }
            }
            else if (!JsonNode.DeepEquals(value, existing))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasAll(JsonObject pod, JsonObject? wanted)
    {
        if (wanted is null)
        {
            return true;
        }

        var labels = pod["metadata"]?["labels"] as JsonObject;
        return wanted.All(kv => Json.Str(labels?[kv.Key]) == Json.Str(kv.Value));
    }
}
