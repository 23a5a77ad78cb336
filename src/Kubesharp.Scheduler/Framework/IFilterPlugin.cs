using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Framework;

/// <summary>Says whether a pod may run on a node; a refusal carries upstream's reason text.</summary>
internal interface IFilterPlugin
{
    string Name { get; }

    /// <summary>Empty when the node fits, else upstream's reasons (e.g. "Insufficient cpu", "Insufficient memory").</summary>
    IReadOnlyList<string> Filter(PodInfo pod, NodeInfo node);
}
