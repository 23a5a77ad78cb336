using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>A pod's podAffinity and podAntiAffinity terms, required and preferred (weighted).</summary>
internal sealed record PodAffinity(
    IReadOnlyList<AffinityTerm> RequiredAffinity,
    IReadOnlyList<AffinityTerm> RequiredAntiAffinity,
    IReadOnlyList<AffinityTerm> PreferredAffinity,
    IReadOnlyList<AffinityTerm> PreferredAntiAffinity)
{
    /// <summary>Null when the pod has no pod (anti-)affinity at all, the common case, so it costs nothing.</summary>
    public static PodAffinity? From(JsonObject pod, string ns, JsonObject? labels)
    {
        var affinity = pod["spec"]?["affinity"];
        var podAffinity = affinity?["podAffinity"];
        var antiAffinity = affinity?["podAntiAffinity"];
        if (podAffinity is null && antiAffinity is null)
        {
            return null;
        }

        var parsed = new PodAffinity(Required(podAffinity), Required(antiAffinity), Preferred(podAffinity), Preferred(antiAffinity));
        return parsed.RequiredAffinity.Count + parsed.RequiredAntiAffinity.Count + parsed.PreferredAffinity.Count + parsed.PreferredAntiAffinity.Count == 0 ? null : parsed;

        List<AffinityTerm> Required(JsonNode? of) =>
            (of?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray ?? []).Select(t => AffinityTerm.From(t, 1, ns, labels)).ToList();

        List<AffinityTerm> Preferred(JsonNode? of) =>
            (of?["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray ?? [])
                .Select(t => AffinityTerm.From(t?["podAffinityTerm"], t?["weight"] is JsonValue w && w.TryGetValue<int>(out var value) ? value : 0, ns, labels))
                .ToList();
    }
}
