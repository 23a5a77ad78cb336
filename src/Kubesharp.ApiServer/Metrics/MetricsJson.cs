using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>Writes NodeMetrics and PodMetrics (and their lists) as metrics-server does.</summary>
internal static class MetricsJson
{
    private const string ApiVersion = MetricsResources.Group + "/" + MetricsResources.Version;

    public static void WriteNodeList(Utf8JsonWriter json, IEnumerable<(JsonObject Node, NodeUsage Usage)> items, DateTimeOffset now, TimeSpan window)
    {
        StartList(json, "NodeMetricsList");
        foreach (var (node, usage) in items)
        {
            WriteNode(json, node, usage, now, window, standalone: false);
        }

        EndList(json);
    }

    public static void WritePodList(Utf8JsonWriter json, IEnumerable<(JsonObject Pod, PodUsage Usage)> items, DateTimeOffset now, TimeSpan window)
    {
        StartList(json, "PodMetricsList");
        foreach (var (pod, usage) in items)
        {
            WritePod(json, pod, usage, now, window, standalone: false);
        }

        EndList(json);
    }

    public static void WriteNode(Utf8JsonWriter json, JsonObject node, NodeUsage usage, DateTimeOffset now, TimeSpan window, bool standalone)
    {
        json.WriteStartObject();
        if (standalone)
        {
            json.WriteString("kind", "NodeMetrics");
            json.WriteString("apiVersion", ApiVersion);
        }

        WriteMetadata(json, node, now);
        json.WriteString("timestamp", Rfc3339(usage.Time));
        json.WriteString("window", MetricsQuantity.Duration(window));
        json.WriteStartObject("usage");
        json.WriteString("cpu", MetricsQuantity.Cpu(usage.NanoCores));
        json.WriteString("memory", MetricsQuantity.Memory(usage.WorkingSetBytes));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WritePod(Utf8JsonWriter json, JsonObject pod, PodUsage usage, DateTimeOffset now, TimeSpan window, bool standalone)
    {
        json.WriteStartObject();
        if (standalone)
        {
            json.WriteString("kind", "PodMetrics");
            json.WriteString("apiVersion", ApiVersion);
        }

        WriteMetadata(json, pod, now);
        json.WriteString("timestamp", Rfc3339(usage.Time));
        json.WriteString("window", MetricsQuantity.Duration(window));
        json.WriteStartArray("containers");
        foreach (var container in usage.Containers)
        {
            json.WriteStartObject();
            json.WriteString("name", container.Name);
            json.WriteStartObject("usage");
            json.WriteString("cpu", MetricsQuantity.Cpu(container.NanoCores));
            json.WriteString("memory", MetricsQuantity.Memory(container.WorkingSetBytes));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void StartList(Utf8JsonWriter json, string kind)
    {
        json.WriteStartObject();
        json.WriteString("kind", kind);
        json.WriteString("apiVersion", ApiVersion);
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteStartArray("items");
    }

    private static void EndList(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // metrics-server names the object after its node or pod, copies the labels, and stamps it "now".
    private static void WriteMetadata(Utf8JsonWriter json, JsonObject source, DateTimeOffset now)
    {
        var metadata = source["metadata"];
        json.WriteStartObject("metadata");
        json.WriteString("name", metadata?["name"]?.GetValue<string>() ?? "");
        if (metadata?["namespace"]?.GetValue<string>() is { } ns)
        {
            json.WriteString("namespace", ns);
        }

        json.WriteString("creationTimestamp", Rfc3339(now));
        if (metadata?["labels"] is JsonObject labels)
        {
            json.WritePropertyName("labels");
            labels.WriteTo(json);
        }

        json.WriteEndObject();
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
