using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>
/// What a pod asks of a node's name and labels, parsed once per attempt (upstream's NodeAffinity and
/// NodeName PreFilter state) so filtering thousands of nodes reads no JSON: spec.nodeName,
/// spec.nodeSelector, required node affinity terms (ORed), preferred terms with their weights.
/// </summary>
internal sealed record NodeConstraints(
    string? NodeName,
    IReadOnlyList<KeyValuePair<string, string?>> Selector,
    IReadOnlyList<NodeTerm>? Required,
    IReadOnlyList<(int Weight, NodeTerm Term)> Preferred)
{
    public static readonly NodeConstraints None = new(null, [], null, []);

    public static NodeConstraints From(JsonObject? spec)
    {
        var nodeName = spec?["nodeName"]?.GetValue<string>() is { Length: > 0 } n ? n : null;
        var selector = (spec?["nodeSelector"] as JsonObject)?.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<string>())).ToList();
        var affinity = spec?["affinity"]?["nodeAffinity"];
        var required = (affinity?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray)?.Select(NodeTerm.From).ToList();
        var preferred = (affinity?["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?
            .Select(t => (t?["weight"] is JsonValue w && w.TryGetValue<int>(out var weight) ? weight : 0, NodeTerm.From(t?["preference"])))
            .ToList();
        return new NodeConstraints(nodeName, selector ?? [], required, preferred ?? []);
    }

    /// <summary>spec.nodeSelector and the required terms (upstream's RequiredNodeAffinity.Match).</summary>
    public bool Admits(NodeInfo node)
    {
        // Index loops: this runs for thousands of nodes per pod, and foreach over a list interface allocates.
        for (var i = 0; i < Selector.Count; i++)
        {
            var (key, value) = Selector[i];
            if (node.Label(key) != value)
            {
                return false;
            }
        }

        if (Required is null)
        {
            return true;
        }

        for (var i = 0; i < Required.Count; i++)
        {
            if (Required[i].Matches(node))
            {
                return true;
            }
        }

        return false;
    }
}
