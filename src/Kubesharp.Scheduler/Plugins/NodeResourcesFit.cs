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
        var fit = node.Fit;
        if (want.MilliCpu > 0 && fit.RequestedMilliCpu + want.MilliCpu > fit.AllocatableMilliCpu)
        {
            Add("Insufficient cpu");
        }

        if (want.Memory > 0 && fit.RequestedMemory + want.Memory > fit.AllocatableMemory)
        {
            Add("Insufficient memory");
        }

        if (want.EphemeralStorage > 0 && fit.RequestedStorage + want.EphemeralStorage > fit.AllocatableStorage)
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
