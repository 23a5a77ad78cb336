using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Framework;

/// <summary>The default-scheduler profile: which plugins filter and score, in order (cheap filters first, cluster-wide ones last, as upstream).</summary>
internal sealed class Profile
{
    public IReadOnlyList<IFilterPlugin> Filters { get; }

    public IReadOnlyList<IScorePlugin> Scores { get; }

    public IReadOnlyList<ICyclePlugin> Cycles { get; }

    /// <param name="spreadSelectors">Where default topology spreading finds a pod's Services and workloads; none: no default spreading.</param>
    public Profile(ISpreadSelectors? spreadSelectors = null)
    {
        var taints = new TaintToleration();
        var affinity = new NodeAffinity();
        Filters = [new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), new NodeResourcesFit()];
        Scores = [new ResourceScores(balanced: false), new ResourceScores(balanced: true), taints, affinity];
        Cycles = [new PodTopologySpread(affinity, taints, spreadSelectors), new InterPodAffinity()];
    }
}
