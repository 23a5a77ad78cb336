using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Host ports the pod asks for must be free on the node.</summary>
internal sealed class NodePorts : IFilterPlugin
{
    public string Name => "NodePorts";

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node) =>
        pod.Ports.Count > 0 && pod.Ports.Any(p => node.Ports.Any(p.ConflictsWith)) ? Fits.No("node(s) didn't have free ports for the requested pod ports") : Fits.Yes;
}
