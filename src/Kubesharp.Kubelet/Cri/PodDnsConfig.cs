namespace Kubesharp.Kubelet.Cri;

/// <summary>The resolv.conf a pod sandbox gets.</summary>
public sealed record PodDnsConfig(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);
