using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>The HPA status fields the controller writes, kept apart so failed syncs can keep the previous values.</summary>
internal sealed record StatusView(int CurrentReplicas, int DesiredReplicas, JsonArray? Metrics, string? LastScaleTime, JsonArray Conditions)
{
    public StatusView(JsonObject hpa)
        : this(
            (int)(Json.Int(hpa, "status", "currentReplicas") ?? 0),
            (int)(Json.Int(hpa, "status", "desiredReplicas") ?? 0),
            hpa["status"]?["currentMetrics"]?.DeepClone() as JsonArray,
            Json.Str(hpa, "status", "lastScaleTime"),
            hpa["status"]?["conditions"]?.DeepClone() as JsonArray ?? [])
    {
    }

    public JsonObject ToJson(long? generation)
    {
        var status = new JsonObject();
        if (generation is { } g)
        {
            status["observedGeneration"] = g;
        }

        if (LastScaleTime is not null)
        {
            status["lastScaleTime"] = LastScaleTime;
        }

        status["currentReplicas"] = CurrentReplicas;
        status["desiredReplicas"] = DesiredReplicas;
        if (Metrics is { Count: > 0 })
        {
            status["currentMetrics"] = Metrics.DeepClone();
        }

        status["conditions"] = Conditions.DeepClone();
        return status;
    }
}
