using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Pods;

/// <summary>Read-only accessors over a pod object (JSON as the API serves it), with upstream's defaults.</summary>
internal sealed record PodView(JsonObject Pod)
{
    public string Name => Str(Pod["metadata"]?["name"]) ?? "";

    public string Namespace => Str(Pod["metadata"]?["namespace"]) ?? "default";

    public string Uid => Str(Pod["metadata"]?["uid"]) ?? "";

    public JsonObject Spec => Pod["spec"] as JsonObject ?? [];

    public JsonObject Status => Pod["status"] as JsonObject ?? [];

    public IReadOnlyList<JsonObject> Containers => List("containers");

    public IReadOnlyList<JsonObject> InitContainers => List("initContainers");

    /// <summary>Always (default), OnFailure or Never.</summary>
    public string RestartPolicy => Str(Spec["restartPolicy"]) ?? "Always";

    public bool HostNetwork => Spec["hostNetwork"] is JsonValue v && v.TryGetValue(out bool b) && b;

    public bool IsDeleting => Pod["metadata"]?["deletionTimestamp"] is not null;

    public string Phase => Str(Status["phase"]) ?? "Pending";

    public bool IsTerminal => Phase is "Succeeded" or "Failed";

    /// <summary>The grace period for killing the pod: the deletion's, else the spec's, else 30 s (upstream's default).</summary>
    public TimeSpan GracePeriod
    {
        get
        {
            var seconds = Long(Pod["metadata"]?["deletionGracePeriodSeconds"]) ?? Long(Spec["terminationGracePeriodSeconds"]) ?? 30;
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }
    }

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>An integer field, whether parsed from the wire (any width) or built in memory (int or long).</summary>
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue(out long n))
        {
            return n;
        }

        if (v.TryGetValue(out int i))
        {
            return i;
        }

        return v.TryGetValue(out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static string ContainerName(JsonObject container) => Str(container["name"]) ?? "";

    private List<JsonObject> List(string field) => (Spec[field] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
}
