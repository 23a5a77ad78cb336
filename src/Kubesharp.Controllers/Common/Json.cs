using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Common;

/// <summary>Small typed reads of JSON objects that controllers repeat.</summary>
internal static class Json
{
    public static string? Str(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current?[step];
        }

        return current is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Int(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current?[step];
        }

        if (current is not JsonValue v)
        {
            return null;
        }

        // Parsed values convert to any number type; values built in code only to their own type.
        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        return v.TryGetValue<double>(out var d) ? (long)d : null;
    }

    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        Str(node, path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Metadata(JsonObject obj) => obj["metadata"] as JsonObject ?? throw new ArgumentException("object without metadata");
}
