using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Node;

/// <summary>Everything the node status is computed from, gathered at one moment.</summary>
internal sealed record NodeFacts(MachineInfo Machine, RuntimeVersion Runtime, IReadOnlyList<ImageInfo> Images, string InternalIp, string Hostname)
{
    /// <summary>Bytes of the filesystem holding the kubelet's data (ephemeral-storage capacity).</summary>
    public long EphemeralStorageBytes { get; init; }
}
