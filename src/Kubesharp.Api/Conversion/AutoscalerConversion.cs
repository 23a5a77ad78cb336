using System.Text.Json.Nodes;
using Kubesharp.Api.Tables;

namespace Kubesharp.Api.Conversion;

/// <summary>
/// HorizontalPodAutoscaler between autoscaling/v2 (the stored form) and autoscaling/v1, as
/// upstream converts it: v1's targetCPUUtilizationPercentage is v2's cpu Utilization metric and
/// currentCPUUtilizationPercentage its status; every other v2 metric, the current metrics and the
/// conditions ride in v1's round-trip annotations so a v1 read-modify-write keeps them. A v1
/// object without any metric gets the implicit 80% cpu target v1 always had.
/// </summary>
internal static class AutoscalerConversion
{
    public const string MetricSpecsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string MetricStatusesAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
    public const int DefaultCpuUtilization = 80;

    public static JsonObject V2ToV1(JsonObject v2)
    {
        var metadata = JsonBuild.Metadata(v2);
        DropRoundTripAnnotations(metadata);
        var spec = v2["spec"] as JsonObject;
        var status = v2["status"] as JsonObject;
        var metrics = Json.Objects(spec, "metrics").ToList();

        JsonNode? targetCpu = null;
        foreach (var m in metrics.Where(IsCpuResource))
        {
            targetCpu = Json.At(m, "resource", "target", "averageUtilization");
            break; // upstream reads the first cpu metric only
        }

        var others = new JsonArray([.. metrics.Where(m => !(IsCpuResource(m) && Json.At(m, "resource", "target", "averageUtilization") is not null))
            .Select(m => (JsonNode)AutoscalerMetricConversion.SpecToV1(m))]);
        var current = Json.Objects(status, "currentMetrics").ToList();
        JsonNode? currentCpu = null;
        foreach (var m in current.Where(IsCpuResource))
        {
            currentCpu = Json.At(m, "resource", "current", "averageUtilization") ?? currentCpu;
        }

        if (others.Count > 0)
        {
            JsonBuild.SetAnnotation(metadata, MetricSpecsAnnotation, JsonBuild.AnnotationText(others));
        }

        if (current.Count > 0)
        {
            var statuses = new JsonArray([.. current.Select(m => (JsonNode)AutoscalerMetricConversion.StatusToV1(m))]);
            JsonBuild.SetAnnotation(metadata, MetricStatusesAnnotation, JsonBuild.AnnotationText(statuses));
        }

        if (status?["conditions"] is JsonArray { Count: > 0 } conditions)
        {
            JsonBuild.SetAnnotation(metadata, ConditionsAnnotation, JsonBuild.AnnotationText(conditions));
        }

        return JsonBuild.Object(
            ("kind", "HorizontalPodAutoscaler"),
            ("apiVersion", "autoscaling/v1"),
            ("metadata", metadata),
            ("spec", JsonBuild.Object(
                ("scaleTargetRef", spec?["scaleTargetRef"]),
                ("minReplicas", spec?["minReplicas"]),
                ("maxReplicas", spec?["maxReplicas"] ?? JsonValue.Create(0)),
                ("targetCPUUtilizationPercentage", targetCpu))),
            ("status", JsonBuild.Object(
                ("observedGeneration", status?["observedGeneration"]),
                ("lastScaleTime", status?["lastScaleTime"]),
                ("currentReplicas", status?["currentReplicas"] ?? JsonValue.Create(0)),
                ("desiredReplicas", status?["desiredReplicas"] ?? JsonValue.Create(0)),
                ("currentCPUUtilizationPercentage", currentCpu))));
    }

    public static JsonObject V1ToV2(JsonObject v1)
    {
        var metadata = JsonBuild.Metadata(v1);
        var otherSpecs = JsonBuild.ParseArray(JsonBuild.TakeAnnotation(metadata, MetricSpecsAnnotation));
        var statuses = JsonBuild.ParseArray(JsonBuild.TakeAnnotation(metadata, MetricStatusesAnnotation));
        var conditions = JsonBuild.ParseArray(JsonBuild.TakeAnnotation(metadata, ConditionsAnnotation));
        JsonBuild.TakeAnnotation(metadata, BehaviorAnnotation);
        var spec = v1["spec"] as JsonObject;
        var status = v1["status"] as JsonObject;

        // Upstream appends the cpu target after the annotation's metrics.
        var metrics = new JsonArray([.. (otherSpecs ?? []).OfType<JsonObject>().Select(m => (JsonNode)AutoscalerMetricConversion.SpecToV2(m))]);
        var cpu = spec?["targetCPUUtilizationPercentage"];
        if (cpu is not null || metrics.Count == 0)
        {
            metrics.Add((JsonNode)CpuMetric("target", "Utilization", cpu ?? JsonValue.Create(DefaultCpuUtilization)));
        }

        JsonArray? currentMetrics = null;
        if (statuses is not null)
        {
            currentMetrics = [.. statuses.OfType<JsonObject>().Select(m => (JsonNode)AutoscalerMetricConversion.StatusToV2(m))];
        }
        else if (status?["currentCPUUtilizationPercentage"] is { } currentCpu)
        {
            currentMetrics = [CpuMetric("current", null, currentCpu)];
        }

        return JsonBuild.Object(
            ("kind", "HorizontalPodAutoscaler"),
            ("apiVersion", "autoscaling/v2"),
            ("metadata", metadata),
            ("spec", JsonBuild.Object(
                ("scaleTargetRef", spec?["scaleTargetRef"]),
                ("minReplicas", spec?["minReplicas"]),
                ("maxReplicas", spec?["maxReplicas"] ?? JsonValue.Create(0)),
                ("metrics", metrics))),
            ("status", status is null ? null : JsonBuild.Object(
                ("observedGeneration", status["observedGeneration"]),
                ("lastScaleTime", status["lastScaleTime"]),
                ("currentReplicas", status["currentReplicas"]),
                ("desiredReplicas", status["desiredReplicas"] ?? JsonValue.Create(0)),
                ("currentMetrics", currentMetrics),
                ("conditions", conditions))));
    }

    /// <summary>v2 carries no round-trip annotations: whatever another version left is dropped, as upstream.</summary>
    public static void DropRoundTripAnnotations(JsonObject metadata)
    {
        foreach (var key in new[] { MetricSpecsAnnotation, MetricStatusesAnnotation, ConditionsAnnotation, BehaviorAnnotation })
        {
            JsonBuild.TakeAnnotation(metadata, key);
        }
    }

    private static bool IsCpuResource(JsonObject m) => Json.Str(m, "type") == "Resource" && Json.Str(m, "resource", "name") == "cpu";

    private static JsonObject CpuMetric(string field, string? targetType, JsonNode utilization) => JsonBuild.Object(
        ("type", "Resource"),
        ("resource", JsonBuild.Object(
            ("name", "cpu"),
            (field, JsonBuild.Object(("type", targetType), ("averageUtilization", utilization))))));
}
