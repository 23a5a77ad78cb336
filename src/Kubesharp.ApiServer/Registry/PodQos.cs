using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// The pod's QoS class as upstream's qos.GetPodQOS computes it from cpu and memory: no requests or
/// limits → BestEffort; every container limited in both with requests equal to limits → Guaranteed;
/// otherwise Burstable.
/// </summary>
internal static class PodQos
{
    private static readonly string[] Tracked = ["cpu", "memory"];
    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    // Binary suffixes first: "Mi" must not be read as "M" with a stray "i".
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("P", 1e15m), ("E", 1e18m),
    ];

    public static string Of(JsonObject? spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        var containers = ContainerLists
            .SelectMany(f => (spec?[f] as JsonArray)?.OfType<JsonObject>() ?? []);
        foreach (var container in containers)
        {
            var resources = container["resources"] as JsonObject;
            Add(requests, resources?["requests"] as JsonObject);
            var containerLimits = resources?["limits"] as JsonObject;
            Add(limits, containerLimits);
            if (Tracked.Any(r => Quantity(containerLimits?[r]) is not > 0))
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        var equal = requests.Count == limits.Count && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value);
        return guaranteed && equal ? "Guaranteed" : "Burstable";
    }

    private static void Add(Dictionary<string, decimal> sum, JsonObject? list)
    {
        foreach (var name in Tracked)
        {
            if (Quantity(list?[name]) is { } q && q > 0)
            {
                sum[name] = sum.GetValueOrDefault(name) + q;
            }
        }
    }

    /// <summary>A resource.Quantity as a number ("500m", "1Gi", "2e3", 1); null when unparseable.</summary>
    internal static decimal? Quantity(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        var text = value.ToJsonString().Trim('"');
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return n * factor;
            }
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }
}
