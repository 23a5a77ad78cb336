using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.Deployments;

/// <summary>A Deployment's status from its ReplicaSets, with upstream's Available and Progressing conditions.</summary>
internal static class DeploymentStatus
{
    public static JsonObject Compute(JsonObject deployment, JsonObject? newRs, IReadOnlyList<JsonObject> all, int unavailableAllowed, string progressReason, string progressMessage, DateTimeOffset now)
    {
        var replicas = (int)(Json.Int(deployment, "spec", "replicas") ?? 1);
        long Sum(string field) => all.Sum(rs => Json.Int(rs, "status", field) ?? 0);
        var available = Sum("availableReplicas");
        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Int(deployment, "metadata", "generation") ?? 0,
            ["replicas"] = Sum("replicas"),
            ["updatedReplicas"] = newRs is null ? 0 : Json.Int(newRs, "status", "replicas") ?? 0,
            ["readyReplicas"] = Sum("readyReplicas"),
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = Math.Max(replicas - available, 0),
        };
        if (Json.Int(deployment, "status", "collisionCount") is { } collisions)
        {
            status["collisionCount"] = collisions;
        }

        var old = deployment["status"]?["conditions"] as JsonArray;
        var availableCondition = available >= replicas - unavailableAllowed
            ? Condition(old, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : Condition(old, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);
        var progressStatus = progressReason == "ProgressDeadlineExceeded" ? "False" : progressReason == "DeploymentPaused" ? "Unknown" : "True";
        status["conditions"] = new JsonArray(
            availableCondition,
            Condition(old, "Progressing", progressStatus, progressReason, progressMessage, now));
        return status;
    }

    /// <summary>lastTransitionTime moves only when the status flips; lastUpdateTime when anything changes (upstream).</summary>
    private static JsonObject Condition(JsonArray? old, string type, string status, string reason, string message, DateTimeOffset now)
    {
        var previous = old?.FirstOrDefault(c => Json.Str(c, "type") == type);
        var stamp = Json.Stamp(now);
        var same = previous is not null && Json.Str(previous, "status") == status;
        var unchanged = same && Json.Str(previous, "reason") == reason && Json.Str(previous, "message") == message;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = unchanged ? Json.Str(previous, "lastUpdateTime") : stamp,
            ["lastTransitionTime"] = same ? Json.Str(previous, "lastTransitionTime") ?? stamp : stamp,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
