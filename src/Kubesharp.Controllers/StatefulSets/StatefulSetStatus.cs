using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.StatefulSets;

/// <summary>The status a StatefulSet reports for its pods (upstream's computeReplicaStatus + completeRollingUpdate).</summary>
internal static class StatefulSetStatus
{
    public static JsonObject Compute(JsonObject set, IReadOnlyList<JsonObject> pods, string currentRevision, string updateRevision, long collisionCount, DateTimeOffset now)
    {
        var minReady = Json.Int(set, "spec", "minReadySeconds") ?? 0;
        int replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
        foreach (var pod in pods)
        {
            // Created means the API has given it a phase; upstream counts terminating pods here too.
            if (Json.Str(pod, "status", "phase") is not { Length: > 0 })
            {
                continue;
            }

            replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                ready++;
                if (Pods.IsAvailable(pod, minReady, now))
                {
                    available++;
                }
            }

            if (!StatefulPods.IsTerminating(pod))
            {
                var revision = StatefulPods.Revision(pod);
                current += revision == currentRevision ? 1 : 0;
                updated += revision == updateRevision ? 1 : 0;
            }
        }

        // A finished rolling update makes the update revision the current one.
        if (Json.Str(set, "spec", "updateStrategy", "type") != "OnDelete" && updated == replicas && ready == replicas)
        {
            current = updated;
            currentRevision = updateRevision;
        }

        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Int(set, "metadata", "generation") ?? 0,
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = current,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = available,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = collisionCount,
        };
        if (set["status"]?["conditions"] is JsonArray conditions && conditions.Count > 0)
        {
            status["conditions"] = conditions.DeepClone();
        }

        return status;
    }
}
