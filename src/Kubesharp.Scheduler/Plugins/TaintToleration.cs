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
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !pod.Tolerations.Any(t => t.Tolerates(taint)))
            {
                return Fits.No($"node(s) had untolerated taint {taint}");
            }
        }

        return Fits.Yes;
    }

    public long Score(PodInfo pod, NodeInfo node)
    {
        var intolerable = node.Taints.Count(t => t.Effect == "PreferNoSchedule" && !pod.Tolerations.Any(x => x.Tolerates(t)));
        return Math.Max(0, 100 - (intolerable * 25));
    }
}
