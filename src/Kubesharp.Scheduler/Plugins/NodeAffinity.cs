using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// Filter: spec.nodeSelector labels and requiredDuringScheduling node affinity (terms ORed).
/// Score: the share of preferredDuringScheduling weight the node satisfies.
/// </summary>
internal sealed class NodeAffinity : IFilterPlugin, IScorePlugin
{
    public string Name => "NodeAffinity";

    public int Weight => 2;

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node)
    {
        if (pod.Spec?["nodeSelector"] is JsonObject selector
            && !selector.All(kv => node.Labels[kv.Key]?.GetValue<string>() == kv.Value?.GetValue<string>()))
        {
            return Fits.No("node(s) didn't match Pod's node affinity/selector");
        }

        var required = pod.Spec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        return required is null || required.Any(t => NodeSelectorTerms.Matches(t, node))
            ? Fits.Yes
            : Fits.No("node(s) didn't match Pod's node affinity/selector");
    }

    public long Score(PodInfo pod, NodeInfo node)
    {
        if (pod.Spec?["affinity"]?["nodeAffinity"]?["preferredDuringSchedulingIgnoredDuringExecution"] is not JsonArray preferred || preferred.Count == 0)
        {
            return 0;
        }

        long total = 0, matched = 0;
        foreach (var term in preferred)
        {
            var weight = term?["weight"] is JsonValue w && w.TryGetValue<int>(out var value) ? value : 0;
            total += weight;
            if (NodeSelectorTerms.Matches(term?["preference"], node))
            {
                matched += weight;
            }
        }

        return total == 0 ? 0 : matched * 100 / total;
    }
}
