using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Framework;

/// <summary>The default-scheduler profile: which plugins filter and score, in order (cheap filters first).</summary>
internal sealed class Profile
{
    public IReadOnlyList<IFilterPlugin> Filters { get; }

    public IReadOnlyList<IScorePlugin> Scores { get; }

    public Profile()
    {
        var taints = new TaintToleration();
        var affinity = new NodeAffinity();
        Filters = [new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), new NodeResourcesFit()];
        Scores = [new ResourceScores(balanced: false), new ResourceScores(balanced: true), taints, affinity];
    }
}
