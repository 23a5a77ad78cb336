using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Api.Quotas;

/// <summary>A pod's effective requests or limits (upstream's resourcehelper.PodRequests/PodLimits): the larger of the containers' sum and any one init container, plus overhead.</summary>
public static class PodResources
{
    /// <param name="kind">"requests" or "limits".</param>
    public static Dictionary<string, decimal> Effective(JsonObject pod, string kind)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod["spec"] as JsonObject;
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in (spec?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var (name, value) in Read(container["resources"]?[kind]))
            {
                total[name] = total.GetValueOrDefault(name) + value;
            }
        }

        foreach (var container in (spec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var (name, value) in Read(container["resources"]?[kind]))
            {
                total[name] = Math.Max(total.GetValueOrDefault(name), value);
            }
        }

        foreach (var (name, value) in Read(spec?["overhead"]))
        {
            if (total.ContainsKey(name))
            {
                total[name] += value;
            }
        }

        return total;
    }

    /// <summary>The quantities of a resource list, unparseable ones left out.</summary>
    public static IEnumerable<(string Name, decimal Value)> Read(JsonNode? list)
    {
        foreach (var (name, value) in list as JsonObject ?? [])
        {
            if (Quantity.TryParse(Quantity.Text(value), out var q))
            {
                yield return (name, q);
            }
        }
    }
}
