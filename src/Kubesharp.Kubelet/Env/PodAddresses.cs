namespace Kubesharp.Kubelet.Env;

/// <summary>What the worker knows and the pod object may not yet say: the sandbox's IPs and the node's IP.</summary>
/// <param name="PodIPs">The sandbox IPs, primary first (status.podIP is the first, status.podIPs all of them joined by ",").</param>
/// <param name="HostIP">The node's IP (status.hostIP).</param>
public sealed record PodAddresses(IReadOnlyList<string> PodIPs, string HostIP)
{
    /// <summary>Every host IP (status.hostIPs), primary first; defaults to <see cref="HostIP"/> alone.</summary>
    public IReadOnlyList<string>? HostIPs { get; init; }
}
