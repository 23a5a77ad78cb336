using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>Lenient readers over JSON objects: a missing or mistyped field reads as Go's zero value.</summary>
internal static class Json
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    public static string Str(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    /// <summary>Strings as they are, numbers in their JSON form: for IntOrString and Quantity fields.</summary>
    public static string? Scalar(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    public static long Int(JsonNode? node, params string[] path) => OptionalInt(node, path) ?? 0;

    public static long? OptionalInt(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    public static bool Bool(JsonNode? node, params string[] path) => At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static bool? OptionalBool(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => null,
    };

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
            : [];

    public static int Count(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ => 0,
    };

    public static bool Has(JsonNode? node, params string[] path) => At(node, path) is not null;

    /// <summary>A metav1.Time / MicroTime; null when missing or unparsable (Go's zero time).</summary>
    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        Str(node, path) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>Label-like string maps as labels.FormatLabels prints them: "k=v,k2=v2" sorted, or "&lt;none&gt;".</summary>
    public static string FormatLabels(JsonNode? node)
    {
        if (node is not JsonObject map || map.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Str(p.Value)));
    }
}
