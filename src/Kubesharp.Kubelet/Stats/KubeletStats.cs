using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Stats;

/// <summary>Entry point for the kubelet's resource statistics.</summary>
public static class KubeletStats
{
    public static INodeStats Create(NodeStatsOptions options, IRuntimeService runtime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        return new NodeStats(options, runtime, time);
    }
}
