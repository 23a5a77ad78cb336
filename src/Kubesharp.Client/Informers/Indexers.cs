using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>The index functions controllers need most; pass others of your own by name.</summary>
public static class Indexers
{
    public const string ByNamespace = "namespace";
    public const string ByOwnerUid = "owner-uid";
    public const string ByNodeName = "node-name";

    /// <summary>metadata.namespace (cluster-scoped objects are not indexed).</summary>
    public static IEnumerable<string> Namespace(JsonObject obj) =>
        obj["metadata"]?["namespace"] is JsonValue v && v.TryGetValue<string>(out var ns) && ns.Length > 0 ? [ns] : [];

    /// <summary>The uid of every ownerReference, so "what does X own" is one lookup (the GC and workload controllers ask it).</summary>
    public static IEnumerable<string> OwnerUid(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            return [];
        }

        var uids = new List<string>(owners.Count);
        foreach (var owner in owners)
        {
            if (owner?["uid"] is JsonValue v && v.TryGetValue<string>(out var uid))
            {
                uids.Add(uid);
            }
        }

        return uids;
    }

    /// <summary>spec.nodeName: the pods bound to a node.</summary>
    public static IEnumerable<string> NodeName(JsonObject obj) =>
        obj["spec"]?["nodeName"] is JsonValue v && v.TryGetValue<string>(out var node) && node.Length > 0 ? [node] : [];

    /// <summary>The three above under their standard names.</summary>
    public static IReadOnlyDictionary<string, IndexFunc> Standard { get; } = new Dictionary<string, IndexFunc>(StringComparer.Ordinal)
    {
        [ByNamespace] = Namespace,
        [ByOwnerUid] = OwnerUid,
        [ByNodeName] = NodeName,
    };
}
