using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>A pod naming a node fits only that node.</summary>
internal sealed class NodeName : IFilterPlugin
{
    public string Name => "NodeName";

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node) =>
        pod.NodeConstraints.NodeName is { } wanted && wanted != node.Name
            ? Fits.No("node(s) didn't match the requested node name")
            : Fits.Yes;
}
