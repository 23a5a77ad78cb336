using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>The index functions controllers need most; pass others of your own by name.</summary>
public static class Indexers
{
    public const string ByNamespace = "namespace";
    public const string ByOwnerUid = "owner-uid";
    public const string ByNodeName = "node-name";
    public const string OrphansByNamespace = "orphan-namespace";

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

    /// <summary>
    /// metadata.namespace of objects no controller owns (no ownerReference with controller=true): what
    /// a workload controller may adopt, found without walking every pod of the namespace (upstream's
    /// orphan key in the pod controller-UID index).
    /// </summary>
    public static IEnumerable<string> OrphanNamespace(JsonObject obj)
    {
        foreach (var owner in obj["metadata"]?["ownerReferences"] as JsonArray ?? [])
        {
            if (owner?["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController)
            {
                return [];
            }
        }

        return Namespace(obj);
    }

    /// <summary>spec.nodeName: the pods bound to a node.</summary>
    public static IEnumerable<string> NodeName(JsonObject obj) =>
        obj["spec"]?["nodeName"] is JsonValue v && v.TryGetValue<string>(out var node) && node.Length > 0 ? [node] : [];

    /// <summary>The four above under their standard names.</summary>
    public static IReadOnlyDictionary<string, IndexFunc> Standard { get; } = new Dictionary<string, IndexFunc>(StringComparer.Ordinal)
    {
        [ByNamespace] = Namespace,
        [ByOwnerUid] = OwnerUid,
        [ByNodeName] = NodeName,
        [OrphansByNamespace] = OrphanNamespace,
    };
}
