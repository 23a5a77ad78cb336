using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Host ports the pod asks for must be free on the node.</summary>
internal sealed class NodePorts : IFilterPlugin
{
    public string Name => "NodePorts";

    private static readonly IReadOnlyList<string> Conflict = Fits.No("node(s) didn't have free ports for the requested pod ports");

    // Loops, not lambdas: a lambda capturing node would allocate its closure for every node of every cycle.
    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node)
    {
        for (var i = 0; i < pod.Ports.Count; i++)
        {
            for (var j = 0; j < node.Ports.Count; j++)
            {
                if (pod.Ports[i].ConflictsWith(node.Ports[j]))
                {
                    return Conflict;
                }
            }
        }

        return Fits.Yes;
    }
}
