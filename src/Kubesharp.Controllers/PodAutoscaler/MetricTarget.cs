using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>
/// One spec.metrics entry the controller can act on: a Resource or ContainerResource metric with a
/// Utilization (percent of request) or AverageValue (milli-units per pod) target. Other metric
/// types need a custom or external metrics API, which is not served; they come back unsupported.
/// </summary>
/// <param name="Container">Set for ContainerResource metrics.</param>
/// <param name="Unsupported">Why this entry cannot be computed, or null.</param>
internal sealed record MetricTarget(string Type, string Resource, string? Container, int? Utilization, long? AverageMilli, string? Unsupported)
{
    /// <summary>How upstream names the metric in events and conditions.</summary>
    public string Name => (Container is null ? $"{Resource} resource" : $"{Resource} container resource") + (Utilization is null ? string.Empty : " utilization (percentage of request)");

    public static MetricTarget From(JsonObject metric)
    {
        var type = Json.Str(metric, "type") ?? string.Empty;
        var field = type switch { "Resource" => "resource", "ContainerResource" => "containerResource", _ => null };
        if (field is null || metric[field] is not JsonObject source)
        {
            return new MetricTarget(type, string.Empty, null, null, null, $"unsupported metric source type \"{type}\": only Resource and ContainerResource metrics are served");
        }

        var target = source["target"];
        var utilization = Json.Int(target, "averageUtilization") is { } u ? (int)u : (int?)null;
        var average = Json.Str(target, "type") == "AverageValue" && Quantity.Text(target?["averageValue"]) is { } text ? Quantity.Milli(text) : (long?)null;
        var unsupported = utilization is null && average is null
            ? "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"
            : null;
        return new MetricTarget(type, Json.Str(source, "name") ?? string.Empty, field == "containerResource" ? Json.Str(source, "container") : null, average is null ? utilization : null, average, unsupported);
    }

    /// <summary>A cpu Utilization metric (v2's default when an HPA names no metric).</summary>
    public static MetricTarget Cpu(int utilization) => new("Resource", "cpu", null, utilization, null, null);
}
