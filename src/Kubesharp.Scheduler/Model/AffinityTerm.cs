using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Scheduler.Model;

/// <summary>
/// One pod (anti-)affinity term, parsed once: which pods it selects (labelSelector plus the owner's
/// matchLabelKeys values), in which namespaces, over which topology key, with what weight.
/// </summary>
/// <param name="Namespaces">Explicit namespaces; the owner's own when neither these nor a namespace selector are given.</param>
/// <param name="NamespaceSelector">Namespaces by label; an empty selector means every namespace.</param>
internal sealed record AffinityTerm(LabelSelector Selector, IReadOnlyList<string> Namespaces, LabelSelector? NamespaceSelector, string TopologyKey, int Weight)
{
    /// <summary>Whether this term selects <paramref name="pod"/> (namespace and labels).</summary>
    public bool Matches(PodInfo pod, Func<string, JsonObject?> namespaceLabels) =>
        NamespaceMatches(pod.Namespace, namespaceLabels) && Selector.Matches(pod.Labels);

    public bool NamespaceMatches(string ns, Func<string, JsonObject?> namespaceLabels) =>
        Namespaces.Contains(ns, StringComparer.Ordinal) || (NamespaceSelector is { } selector && selector.Matches(namespaceLabels(ns)));

    /// <summary>Parses a PodAffinityTerm of a pod in <paramref name="ns"/> with <paramref name="labels"/>.</summary>
    public static AffinityTerm From(JsonNode? term, int weight, string ns, JsonObject? labels)
    {
        var namespaces = (term?["namespaces"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? string.Empty).ToList();
        var namespaceSelector = term?["namespaceSelector"] is JsonObject nsSelector ? SafeSelector(nsSelector) : null;
        if (namespaces.Count == 0 && namespaceSelector is null)
        {
            namespaces.Add(ns);
        }

        var selector = WithLabelKeys(term?["labelSelector"] as JsonObject, term?["matchLabelKeys"] as JsonArray, term?["mismatchLabelKeys"] as JsonArray, labels);
        return new AffinityTerm(SafeSelector(selector), namespaces, namespaceSelector, term?["topologyKey"]?.GetValue<string>() ?? string.Empty, weight);
    }

    /// <summary>
    /// matchLabelKeys (and mismatchLabelKeys) add "key in (my value)" ("notin") for each listed key
    /// the owner carries, as the API server merges them upstream; used by pod affinity and topology spread.
    /// </summary>
    public static JsonObject? WithLabelKeys(JsonObject? selector, JsonArray? matchKeys, JsonArray? mismatchKeys, JsonObject? labels)
    {
        if (selector is null || labels is null || ((matchKeys?.Count ?? 0) == 0 && (mismatchKeys?.Count ?? 0) == 0))
        {
            return selector;
        }

        var merged = (JsonObject)selector.DeepClone();
        var expressions = merged["matchExpressions"] as JsonArray ?? [];
        merged["matchExpressions"] = expressions;
        foreach (var (keys, op) in new[] { (matchKeys, "In"), (mismatchKeys, "NotIn") })
        {
            foreach (var key in (keys ?? []).Select(k => k?.GetValue<string>()).OfType<string>())
            {
                if (labels[key]?.GetValue<string>() is { } value)
                {
                    expressions.Add((JsonNode)new JsonObject { ["key"] = key, ["operator"] = op, ["values"] = new JsonArray(value) });
                }
            }
        }

        return merged;
    }

    /// <summary>Validation rejects bad selectors at the API; one that slips through selects nothing rather than failing the cycle.</summary>
    public static LabelSelector SafeSelector(JsonObject? selector)
    {
        try
        {
            return LabelSelector.FromObject(selector);
        }
        catch (SelectorException)
        {
            return LabelSelector.Nothing;
        }
    }
}
