using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Scheduler.Model;

/// <summary>
/// One topologySpreadConstraint with upstream's defaults: nodeAffinityPolicy Honor, nodeTaintsPolicy
/// Ignore, minDomains only for DoNotSchedule; matchLabelKeys folded into the selector.
/// </summary>
internal sealed record SpreadConstraint(int MaxSkew, string TopologyKey, bool DoNotSchedule, LabelSelector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorTaints)
{
    /// <summary>upstream's system defaults for pods without constraints: hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway.</summary>
    public static IReadOnlyList<SpreadConstraint> SystemDefaults(LabelSelector selector) =>
    [
        new(3, NodeInfo.HostnameLabel, false, selector, 1, true, false),
        new(5, NodeInfo.ZoneLabel, false, selector, 1, true, false),
    ];

    public static IReadOnlyList<SpreadConstraint> From(JsonObject pod, JsonObject? labels)
    {
        if (pod["spec"]?["topologySpreadConstraints"] is not JsonArray { Count: > 0 } list)
        {
            return [];
        }

        var constraints = new List<SpreadConstraint>(list.Count);
        foreach (var c in list.OfType<JsonObject>())
        {
            var doNotSchedule = c["whenUnsatisfiable"]?.GetValue<string>() != "ScheduleAnyway";
            var selector = AffinityTerm.WithLabelKeys(c["labelSelector"] as JsonObject, c["matchLabelKeys"] as JsonArray, null, labels);
            constraints.Add(new SpreadConstraint(
                c["maxSkew"] is JsonValue m && m.TryGetValue<int>(out var skew) ? skew : 1,
                c["topologyKey"]?.GetValue<string>() ?? string.Empty,
                doNotSchedule,
                AffinityTerm.SafeSelector(selector),
                doNotSchedule && c["minDomains"] is JsonValue d && d.TryGetValue<int>(out var min) ? min : 1,
                c["nodeAffinityPolicy"]?.GetValue<string>() != "Ignore",
                c["nodeTaintsPolicy"]?.GetValue<string>() == "Honor"));
        }

        return constraints;
    }
}
