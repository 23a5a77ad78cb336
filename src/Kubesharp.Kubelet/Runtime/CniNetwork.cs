namespace Kubesharp.Kubelet.Runtime;

/// <summary>The node's pod network as CNI sees it.</summary>
/// <param name="Name">Network name (shows up in CNI results and host-local's state).</param>
/// <param name="BridgeName">Linux bridge the pods' veths attach to.</param>
/// <param name="PodCidr">Range host-local allocates pod addresses from.</param>
/// <param name="IpamDataDirectory">Where host-local records allocations (node-private, not /var/lib/cni).</param>
/// <param name="MasqueradeOutgoing">Masquerade traffic leaving the pod range.</param>
internal sealed record CniNetwork(string Name, string BridgeName, string PodCidr, string IpamDataDirectory, bool MasqueradeOutgoing);
