using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Requests of the pod plus what the node already carries must fit its allocatable (pods count included).</summary>
internal sealed class NodeResourcesFit : IFilterPlugin
{
    public string Name => "NodeResourcesFit";

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node)
    {
        List<string>? reasons = null;
        void Add(string reason) => (reasons ??= []).Add(reason);
        if (node.PodCount + 1 > node.AllowedPods)
        {
            Add("Too many pods");
        }

        var want = pod.Requests;
        if (want.MilliCpu > 0 && node.Requested.MilliCpu + want.MilliCpu > node.Allocatable.MilliCpu)
        {
            Add("Insufficient cpu");
        }

        if (want.Memory > 0 && node.Requested.Memory + want.Memory > node.Allocatable.Memory)
        {
            Add("Insufficient memory");
        }

        if (want.EphemeralStorage > 0 && node.Requested.EphemeralStorage + want.EphemeralStorage > node.Allocatable.EphemeralStorage)
        {
            Add("Insufficient ephemeral-storage");
        }

        // Most pods ask for no extended resources: skip the enumerator an empty dictionary still costs per node.
        if (want.Extended.Count > 0)
        {
            foreach (var (name, amount) in want.Extended)
            {
                if (amount > 0 && node.Requested.Extended.GetValueOrDefault(name) + amount > node.Allocatable.Extended.GetValueOrDefault(name))
                {
                    Add($"Insufficient {name}");
                }
            }
        }

        return reasons ?? Fits.Yes;
    }
}
