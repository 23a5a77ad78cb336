namespace Kubesharp.Kubelet.Pods;

/// <summary>The addresses a pod has at runtime: its sandbox IPs (primary first) and the node's IP.</summary>
public sealed record PodRuntimeAddresses(IReadOnlyList<string> PodIps, string HostIp)
{
    public string PodIp => PodIps.Count > 0 ? PodIps[0] : "";
}
