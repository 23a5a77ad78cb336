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

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node) =>
        pod.NodeConstraints.Admits(node) ? Fits.Yes : Fits.No("node(s) didn't match Pod's node affinity/selector");

    public long Score(PodInfo pod, NodeInfo node)
    {
        var preferred = pod.NodeConstraints.Preferred;
        if (preferred.Count == 0)
        {
            return 0;
        }

        long total = 0, matched = 0;
        foreach (var (weight, term) in preferred)
        {
            total += weight;
            if (term.Matches(node))
            {
                matched += weight;
            }
        }

        return total == 0 ? 0 : matched * 100 / total;
    }
}
