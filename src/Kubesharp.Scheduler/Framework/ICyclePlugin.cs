using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Framework;

/// <summary>
/// A plugin whose filter and score need cluster-wide state (upstream's PreFilter/PreScore): it reads
/// the cluster once per pod in <see cref="Begin"/>, then filters and scores nodes from that state.
/// </summary>
internal interface ICyclePlugin
{
    string Name { get; }

    int Weight { get; }

    /// <summary>State for one pod's cycle, or null when the plugin has nothing to say about this pod (the common, free case).</summary>
    ICycle? Begin(PodInfo pod, IClusterState cluster);
}
