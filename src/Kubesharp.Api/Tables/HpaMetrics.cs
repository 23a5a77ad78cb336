using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>The TARGETS column of an HPA (formatHPAMetrics), for autoscaling/v2 and v1 objects.</summary>
internal static class HpaMetrics
{
    public static string Format(JsonObject hpa)
    {
        // autoscaling/v1 has one CPU target; upstream converts it to a v2 Resource metric before printing.
        if (!Json.Has(hpa, "spec", "metrics") && Json.OptionalInt(hpa, "spec", "targetCPUUtilizationPercentage") is { } cpuTarget)
        {
            var current = Json.OptionalInt(hpa, "status", "currentCPUUtilizationPercentage") is { } cpu ? Percent(cpu) : "<unknown>";
            return $"cpu: {current}/{Percent(cpuTarget)}";
        }

        var specs = Json.Objects(hpa, "spec", "metrics").ToList();
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var statuses = Json.Objects(hpa, "status", "currentMetrics").ToList();
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var status = i < statuses.Count ? statuses[i] : null;
            list.Add(Json.Str(specs[i], "type") switch
            {
                "External" => ValueOrAverage(specs[i], status, "external"),
                "Object" => ValueOrAverage(specs[i], status, "object"),
                "Pods" => $"{(Json.At(status, "pods") is not null ? Json.Scalar(status, "pods", "current", "averageValue") ?? "0" : "<unknown>")}/{Json.Scalar(specs[i], "pods", "target", "averageValue") ?? "0"}",
                "Resource" => Resource(specs[i], status, "resource"),
                "ContainerResource" => Resource(specs[i], status, "containerResource"),
                _ => "<unknown type>",
            });
        }

        const int maximum = 2;
        return list.Count > maximum
            ? string.Join(", ", list.Take(maximum)) + string.Create(CultureInfo.InvariantCulture, $" + {list.Count - maximum} more...")
            : string.Join(", ", list);
    }

    private static string ValueOrAverage(JsonObject spec, JsonObject? status, string field)
    {
        if (Json.Scalar(spec, field, "target", "averageValue") is { } average)
        {
            var current = Json.Scalar(status, field, "current", "averageValue") ?? "<unknown>";
            return $"{current}/{average} (avg)";
        }

        var value = Json.At(status, field) is not null ? Json.Scalar(status, field, "current", "value") ?? "0" : "<unknown>";
        return $"{value}/{Json.Scalar(spec, field, "target", "value") ?? "0"}";
    }

    private static string Resource(JsonObject spec, JsonObject? status, string field)
    {
        var name = Json.Str(spec, field, "name");
        if (Json.Scalar(spec, field, "target", "averageValue") is { } average)
        {
            var current = Json.At(status, field) is not null ? Json.Scalar(status, field, "current", "averageValue") ?? "0" : "<unknown>";
            return $"{name}: {current}/{average}";
        }

        var currentUtilization = Json.OptionalInt(status, field, "current", "averageUtilization") is { } u ? Percent(u) : "<unknown>";
        var target = Json.OptionalInt(spec, field, "target", "averageUtilization") is { } t ? Percent(t) : "<auto>";
        return $"{name}: {currentUtilization}/{target}";
    }

    private static string Percent(long value) => value.ToString(CultureInfo.InvariantCulture) + "%";
}
