using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// LeastAllocated (prefer the emptiest node) and BalancedAllocation (prefer nodes whose CPU and
/// memory stay evenly used). A request-less pod counts as 100m CPU and 200 MiB, as upstream
/// scores it, so empty pods still spread.
/// </summary>
internal sealed class ResourceScores(bool balanced) : IScorePlugin
{
    public string Name => balanced ? "NodeResourcesBalancedAllocation" : "NodeResourcesLeastAllocated";

    public int Weight => 1;

    public long Score(PodInfo pod, NodeInfo node)
    {
        var cpu = Fraction(node.NonZeroMilliCpu + pod.NonZeroMilliCpu, node.Fit.AllocatableMilliCpu);
        var memory = Fraction(node.NonZeroMemory + pod.NonZeroMemory, node.Fit.AllocatableMemory);
        return balanced
            ? (long)((1 - Math.Abs(cpu - memory)) * 100)
            : (long)(((1 - cpu) + (1 - memory)) * 50);
    }

    private static double Fraction(long used, long capacity) => capacity <= 0 ? 1 : Math.Min(1, (double)used / capacity);
}
