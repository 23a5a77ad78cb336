using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>The status a ReplicaSet/RC reports for its active pods (upstream's calculateStatus).</summary>
internal static class ReplicaStatus
{
    public static JsonObject Compute(JsonObject owner, IReadOnlyList<PodFacts> activePods, DateTimeOffset now)
    {
        var templateLabels = owner["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        var wanted = templateLabels?.Select(kv => (kv.Key, Value: Json.Str(kv.Value))).ToList();
        var minReady = Json.Int(owner, "spec", "minReadySeconds") ?? 0;
        int labeled = 0, ready = 0, available = 0;
        foreach (var pod in activePods)
        {
            labeled += HasAll(pod.LabelValues, wanted) ? 1 : 0;
            ready += pod.Ready ? 1 : 0;
            available += pod.AvailableAt(minReady, now) ? 1 : 0;
        }

        var status = new JsonObject
        {
            ["replicas"] = activePods.Count,
            ["fullyLabeledReplicas"] = labeled,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = available,
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

    private static bool HasAll(IReadOnlyDictionary<string, string?> labels, List<(string Key, string? Value)>? wanted)
    {
        if (wanted is null)
        {
            return true;
        }

        foreach (var (key, value) in wanted)
        {
            if (!labels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }

        return true;
    }
}
