using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// Filter: every NoSchedule/NoExecute taint must be tolerated. Score: fewer intolerable
/// PreferNoSchedule taints is better.
/// </summary>
internal sealed class TaintToleration : IFilterPlugin, IScorePlugin
{
    public string Name => "TaintToleration";

    public int Weight => 3;

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node)
    {
        if (!node.HasTaints)
        {
            return Fits.Yes;
        }

        var taints = node.Taints;
        for (var i = 0; i < taints.Count; i++) // no enumerator per node: this runs for thousands of them per pod
        {
            var taint = taints[i];
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerated(pod.Tolerations, taint))
            {
                return taint.Untolerated;
            }
        }

        return Fits.Yes;
    }

    private static bool Tolerated(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            if (tolerations[i].Tolerates(taint))
            {
                return true;
            }
        }

        return false;
    }

    public long Score(PodInfo pod, NodeInfo node)
    {
        if (!node.HasTaints)
        {
            return 100; // the common case, without a LINQ pass per node
        }

        // Loops, not a lambda: a lambda capturing pod would allocate its closure on every call, even for untainted nodes.
        var intolerable = 0;
        var taints = node.Taints;
        for (var i = 0; i < taints.Count; i++)
        {
            if (taints[i].Effect == "PreferNoSchedule" && !Tolerated(pod.Tolerations, taints[i]))
            {
                intolerable++;
            }
        }

        return Math.Max(0, 100 - (intolerable * 25));
    }
}
