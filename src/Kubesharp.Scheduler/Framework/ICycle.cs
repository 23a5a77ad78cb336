using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Framework;

/// <summary>One pod's cycle of an <see cref="ICyclePlugin"/>.</summary>
internal interface ICycle
{
    /// <summary>Null when the node fits, else upstream's reason.</summary>
    string? Filter(NodeInfo node);

    /// <summary>Writes each feasible node's normalized score (0..100) into <paramref name="scores"/>.</summary>
    void Score(IReadOnlyList<NodeInfo> nodes, long[] scores);
}
