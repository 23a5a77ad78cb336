using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Cordoned nodes (spec.unschedulable) take only pods tolerating node.kubernetes.io/unschedulable.</summary>
internal sealed class NodeUnschedulable : IFilterPlugin
{
    private static readonly Taint Cordon = new("node.kubernetes.io/unschedulable", null, "NoSchedule");

    public string Name => "NodeUnschedulable";

    public IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node) =>
        node.Unschedulable && !pod.Tolerations.Any(t => t.Tolerates(Cordon)) ? Fits.No("node(s) were unschedulable") : Fits.Yes;
}
