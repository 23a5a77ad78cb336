using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.NodeLifecycle;

/// <summary>The node-health taints upstream's node lifecycle controller manages, and when tolerating pods must go.</summary>
internal static class NodeTaints
{
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string NotReady = "node.kubernetes.io/not-ready";

    public static bool IsHealthTaint(JsonNode? taint) => Json.Str(taint, "key") is Unreachable or NotReady;

    /// <summary>
    /// When a pod on a node with these NoExecute taints must be evicted: now for an untolerated
    /// taint, at timeAdded + tolerationSeconds for a bounded toleration, never for an unbounded
    /// one. Pods without any toleration for the health taints get <paramref name="defaultToleration"/>
    /// (what upstream's DefaultTolerationSeconds admission would have added).
    /// </summary>
    public static DateTimeOffset? EvictAt(JsonObject pod, IEnumerable<JsonObject> noExecuteTaints, TimeSpan defaultToleration, DateTimeOffset now)
    {
        var tolerations = (pod["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        DateTimeOffset? earliest = null;
        foreach (var taint in noExecuteTaints)
        {
            var key = Json.Str(taint, "key");
            var added = Json.Time(taint, "timeAdded") ?? now;
            var matching = tolerations.Where(t => Tolerations.Tolerates(t, taint)).ToList();
            DateTimeOffset? at;
            if (matching.Count == 0)
            {
                at = key is Unreachable or NotReady ? added + defaultToleration : now;
            }
            else if (matching.Any(t => Json.Int(t, "tolerationSeconds") is null))
            {
                at = null; // tolerated forever
            }
            else
            {
                at = added.AddSeconds(matching.Max(t => Json.Int(t, "tolerationSeconds")!.Value));
            }

            if (at is { } when && (earliest is null || when < earliest))
            {
                earliest = when;
            }
        }

        return earliest;
    }
}
