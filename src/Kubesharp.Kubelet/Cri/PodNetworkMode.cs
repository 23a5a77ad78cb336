namespace Kubesharp.Kubelet.Cri;

/// <summary>Where a pod's network comes from.</summary>
public enum PodNetworkMode
{
    /// <summary>A network namespace of its own with an address from CNI.</summary>
    Pod,

    /// <summary>The node's network namespace (hostNetwork: true).</summary>
    Node,
}
