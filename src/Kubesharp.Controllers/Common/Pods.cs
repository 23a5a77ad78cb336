using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Common;

/// <summary>Pod facts the workload controllers decide by, read as upstream's podutil does.</summary>
internal static class Pods
{
    /// <summary>Counts toward replicas: not finished and not being deleted.</summary>
    public static bool IsActive(JsonObject pod) =>
        Json.Str(pod, "status", "phase") is not ("Succeeded" or "Failed")
        && Json.Str(pod, "metadata", "deletionTimestamp") is null;

    public static bool IsReady(JsonObject pod) => ReadySince(pod) is not null || ReadyWithoutTime(pod);

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        return minReadySeconds == 0 || (ReadySince(pod) is { } since && since.AddSeconds(minReadySeconds) <= now);
    }

    public static DateTimeOffset? ReadySince(JsonObject pod) =>
        ReadyCondition(pod) is { } c && Json.Str(c, "status") == "True" ? Json.Time(c, "lastTransitionTime") : null;

    public static bool IsScheduled(JsonObject pod) => Json.Str(pod, "spec", "nodeName") is { Length: > 0 };

    public static int Restarts(JsonObject pod) =>
        pod["status"]?["containerStatuses"] is JsonArray statuses
            ? statuses.Sum(s => (int)(Json.Int(s, "restartCount") ?? 0))
            : 0;

    private static bool ReadyWithoutTime(JsonObject pod) =>
        ReadyCondition(pod) is { } c && Json.Str(c, "status") == "True" && Json.Str(c, "lastTransitionTime") is null;

    public static JsonNode? ReadyCondition(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
            ? conditions.FirstOrDefault(c => Json.Str(c, "type") == "Ready")
            : null;
}
