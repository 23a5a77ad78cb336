using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>
/// An autoscaling/v2 HPA's spec (the informer reads v2; the API converts v1 objects, whose
/// targetCPUUtilizationPercentage becomes a cpu metric), with the API's defaults: minReplicas 1,
/// cpu at 80% when no metric is given.
/// </summary>
/// <param name="ScaleUp">Null when spec.behavior is absent: the original algorithm (scale-up limit max(2×, 4)) applies.</param>
internal sealed record AutoscalerSpec(string TargetApiVersion, string TargetKind, string TargetName, int MinReplicas, int MaxReplicas, IReadOnlyList<MetricTarget> Metrics, ScalingRules? ScaleUp, ScalingRules? ScaleDown)
{
    public const int DefaultCpuUtilization = 80;

    public string Reference => $"{TargetKind}/{TargetName}";

    public static AutoscalerSpec From(JsonObject hpa)
    {
        var spec = hpa["spec"];
        var metrics = (spec?["metrics"] as JsonArray ?? []).OfType<JsonObject>().Select(MetricTarget.From).ToList();
        if (metrics.Count == 0)
        {
            metrics.Add(MetricTarget.Cpu(DefaultCpuUtilization));
        }

        var behavior = spec?["behavior"] as JsonObject;
        return new AutoscalerSpec(
            Json.Str(spec, "scaleTargetRef", "apiVersion") ?? string.Empty,
            Json.Str(spec, "scaleTargetRef", "kind") ?? string.Empty,
            Json.Str(spec, "scaleTargetRef", "name") ?? string.Empty,
            (int)(Json.Int(spec, "minReplicas") ?? 1),
            (int)(Json.Int(spec, "maxReplicas") ?? 0),
            metrics,
            behavior is null ? null : ScalingRules.From(behavior["scaleUp"], up: true),
            behavior is null ? null : ScalingRules.From(behavior["scaleDown"], up: false));
    }
}
