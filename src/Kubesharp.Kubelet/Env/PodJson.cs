using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Env;

/// <summary>Lenient reads of pod-spec JSON shared by env and volumes: a missing or mistyped field reads as absent.</summary>
internal static class PodJson
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current is JsonObject o ? o[step] : null;
        }

        return current;
    }

    public static string? Str(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static long? Int(JsonNode? node, params string[] path)
    {
        if (At(node, path) is not JsonValue v)
        {
            return null;
        }

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

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>A string map (labels, annotations, configMap data); non-string values are skipped.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node, params string[] path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (At(node, path) is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    map[key] = s;
                }
            }
        }

        return map;
    }

    public static string Namespace(JsonObject pod) => Str(pod, "metadata", "namespace") is { Length: > 0 } ns ? ns : "default";

    public static string Uid(JsonObject pod) =>
        Str(pod, "metadata", "uid") is { Length: > 0 } uid ? uid : throw new ArgumentException("pod without metadata.uid");

    /// <summary>spec.serviceAccountName, else the deprecated spec.serviceAccount, else "default" (upstream's admission default).</summary>
    public static string ServiceAccount(JsonObject pod) =>
        Str(pod, "spec", "serviceAccountName") is { Length: > 0 } sa ? sa
        : Str(pod, "spec", "serviceAccount") is { Length: > 0 } old ? old
        : "default";

    /// <summary>Every container of the pod: init, regular and ephemeral.</summary>
    public static IEnumerable<JsonObject> AllContainers(JsonObject pod) =>
        Objects(pod, "spec", "initContainers").Concat(Objects(pod, "spec", "containers")).Concat(Objects(pod, "spec", "ephemeralContainers"));
}
