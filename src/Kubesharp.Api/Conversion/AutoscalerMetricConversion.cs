using System.Text.Json.Nodes;
using Kubesharp.Api.Tables;

namespace Kubesharp.Api.Conversion;

/// <summary>
/// Metric specs and statuses between autoscaling/v2 and the older shape autoscaling/v1 keeps in
/// its round-trip annotations (upstream's v1 MetricSpec/MetricStatus: targetAverageUtilization,
/// metricName, currentValue, ...), field for field as upstream's conversion functions map them.
/// </summary>
internal static class AutoscalerMetricConversion
{
    public static JsonObject SpecToV1(JsonObject m)
    {
        var type = Json.Str(m, "type");
        return type switch
        {
            "Resource" => Typed(type, "resource", ResourceSpecToV1(m["resource"] as JsonObject)),
            "ContainerResource" => Typed(type, "containerResource", ResourceSpecToV1(m["containerResource"] as JsonObject, container: true)),
            "Pods" => Typed(type, "pods", JsonBuild.Object(
                ("metricName", Name(m["pods"])),
                ("targetAverageValue", JsonBuild.Quantity(Json.At(m, "pods", "target", "averageValue"))),
                ("selector", Json.At(m, "pods", "metric", "selector")))),
            "Object" => Typed(type, "object", JsonBuild.Object(
                ("target", Json.At(m, "object", "describedObject")),
                ("metricName", Name(m["object"])),
                ("targetValue", JsonBuild.Quantity(Json.At(m, "object", "target", "value"))),
                ("selector", Json.At(m, "object", "metric", "selector")),
                ("averageValue", Json.At(m, "object", "target", "averageValue")))),
            "External" => Typed(type, "external", JsonBuild.Object(
                ("metricName", Name(m["external"])),
                ("metricSelector", Json.At(m, "external", "metric", "selector")),
                ("targetValue", Json.At(m, "external", "target", "value")),
                ("targetAverageValue", Json.At(m, "external", "target", "averageValue")))),
            _ => JsonBuild.Object(("type", m["type"])),
        };
    }

    public static JsonObject SpecToV2(JsonObject m)
    {
        var type = Json.Str(m, "type");
        switch (type)
        {
            case "Resource" or "ContainerResource":
            {
                var field = type == "Resource" ? "resource" : "containerResource";
                var r = m[field] as JsonObject;
                var utilization = r?["targetAverageUtilization"];
                var target = JsonBuild.Object(
                    ("type", utilization is null ? "AverageValue" : "Utilization"),
                    ("averageValue", r?["targetAverageValue"]),
                    ("averageUtilization", utilization));
                return Typed(type, field, JsonBuild.Object(("name", r?["name"]), ("container", r?["container"]), ("target", target)));
            }

            case "Pods":
            {
                var p = m["pods"] as JsonObject;
                return Typed(type, "pods", JsonBuild.Object(
                    ("metric", Identifier(p?["metricName"], p?["selector"])),
                    ("target", JsonBuild.Object(("type", "AverageValue"), ("averageValue", JsonBuild.Quantity(p?["targetAverageValue"]))))));
            }

            case "Object":
            {
                var o = m["object"] as JsonObject;
                return Typed(type, "object", JsonBuild.Object(
                    ("describedObject", o?["target"]),
                    ("metric", Identifier(o?["metricName"], o?["selector"])),
                    ("target", JsonBuild.Object(
                        ("type", o?["averageValue"] is null ? "Value" : "AverageValue"),
                        ("value", JsonBuild.Quantity(o?["targetValue"])),
                        ("averageValue", o?["averageValue"])))));
            }

            case "External":
            {
                var e = m["external"] as JsonObject;
                return Typed(type, "external", JsonBuild.Object(
                    ("metric", Identifier(e?["metricName"], e?["metricSelector"])),
                    ("target", JsonBuild.Object(
                        ("type", e?["targetValue"] is null ? "AverageValue" : "Value"),
                        ("value", e?["targetValue"]),
                        ("averageValue", e?["targetAverageValue"])))));
            }

            default:
                return JsonBuild.Object(("type", m["type"]));
        }
    }

    public static JsonObject StatusToV1(JsonObject m)
    {
        var type = Json.Str(m, "type");
        return type switch
        {
            "Resource" or "ContainerResource" => Typed(type, Field(type), JsonBuild.Object(
                ("name", Json.At(m, Field(type), "name")),
                ("currentAverageUtilization", Json.At(m, Field(type), "current", "averageUtilization")),
                ("currentAverageValue", JsonBuild.Quantity(Json.At(m, Field(type), "current", "averageValue"))),
                ("container", Json.At(m, Field(type), "container")))),
            "Pods" => Typed(type, "pods", JsonBuild.Object(
                ("metricName", Name(m["pods"])),
                ("currentAverageValue", JsonBuild.Quantity(Json.At(m, "pods", "current", "averageValue"))),
                ("selector", Json.At(m, "pods", "metric", "selector")))),
            "Object" => Typed(type, "object", JsonBuild.Object(
                ("target", Json.At(m, "object", "describedObject")),
                ("metricName", Name(m["object"])),
                ("currentValue", JsonBuild.Quantity(Json.At(m, "object", "current", "value"))),
                ("selector", Json.At(m, "object", "metric", "selector")),
                ("averageValue", Json.At(m, "object", "current", "averageValue")))),
            "External" => Typed(type, "external", JsonBuild.Object(
                ("metricName", Name(m["external"])),
                ("metricSelector", Json.At(m, "external", "metric", "selector")),
                ("currentValue", JsonBuild.Quantity(Json.At(m, "external", "current", "value"))),
                ("currentAverageValue", Json.At(m, "external", "current", "averageValue")))),
            _ => JsonBuild.Object(("type", m["type"])),
        };
    }

    public static JsonObject StatusToV2(JsonObject m)
    {
        var type = Json.Str(m, "type");
        switch (type)
        {
            case "Resource" or "ContainerResource":
            {
                var r = m[Field(type)] as JsonObject;
                var current = JsonBuild.Object(("averageValue", JsonBuild.Quantity(r?["currentAverageValue"])), ("averageUtilization", r?["currentAverageUtilization"]));
                return Typed(type, Field(type), JsonBuild.Object(("name", r?["name"]), ("container", r?["container"]), ("current", current)));
            }

            case "Pods":
            {
                var p = m["pods"] as JsonObject;
                return Typed(type, "pods", JsonBuild.Object(
                    ("metric", Identifier(p?["metricName"], p?["selector"])),
                    ("current", JsonBuild.Object(("averageValue", JsonBuild.Quantity(p?["currentAverageValue"]))))));
            }

            case "Object":
            {
                var o = m["object"] as JsonObject;
                return Typed(type, "object", JsonBuild.Object(
                    ("metric", Identifier(o?["metricName"], o?["selector"])),
                    ("current", JsonBuild.Object(("value", JsonBuild.Quantity(o?["currentValue"])), ("averageValue", o?["averageValue"]))),
                    ("describedObject", o?["target"])));
            }

            case "External":
            {
                var e = m["external"] as JsonObject;
                return Typed(type, "external", JsonBuild.Object(
                    ("metric", Identifier(e?["metricName"], e?["metricSelector"])),
                    ("current", JsonBuild.Object(("value", JsonBuild.Quantity(e?["currentValue"])), ("averageValue", e?["currentAverageValue"])))));
            }

            default:
                return JsonBuild.Object(("type", m["type"]));
        }
    }

    private static string Field(string type) => type == "Resource" ? "resource" : "containerResource";

    private static JsonObject ResourceSpecToV1(JsonObject? r, bool container = false) => JsonBuild.Object(
        ("name", r?["name"]),
        ("targetAverageUtilization", Json.At(r, "target", "averageUtilization")),
        ("targetAverageValue", Json.At(r, "target", "averageValue")),
        ("container", container ? r?["container"] : null));

    private static JsonNode? Name(JsonNode? source) => Json.At(source, "metric", "name");

    private static JsonObject Identifier(JsonNode? name, JsonNode? selector) => JsonBuild.Object(("name", name ?? JsonValue.Create("")), ("selector", selector));

    private static JsonObject Typed(string type, string field, JsonObject source) => JsonBuild.Object(("type", type), (field, source));
}
