using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.Jobs;

/// <summary>Job conditions as upstream writes them.</summary>
internal static class JobState
{
    /// <summary>When the Job finished (its Complete or Failed condition turned True), or null while it runs.</summary>
    public static DateTimeOffset? Finished(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? [])
            .Where(c => Json.Str(c, "type") is "Complete" or "Failed" && Json.Str(c, "status") == "True")
            .Select(c => Json.Time(c, "lastTransitionTime"))
            .FirstOrDefault(t => t is not null);

    public static void SetCondition(JsonObject status, string type, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        status["conditions"] = conditions;
        if (conditions.Any(c => Json.Str(c, "type") == type))
        {
            return;
        }

        var stamp = Json.Stamp(now);
        conditions.Add((JsonNode)new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastProbeTime"] = stamp,
            ["lastTransitionTime"] = stamp,
            ["reason"] = reason,
            ["message"] = message,
        });
    }
}
