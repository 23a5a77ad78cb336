using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Framework;

/// <summary>Ranks feasible nodes: 0..100 per node, multiplied by <see cref="Weight"/>.</summary>
internal interface IScorePlugin
{
    string Name { get; }

    int Weight { get; }

    long Score(PodInfo pod, NodeInfo node);
}
