namespace Kubesharp.Proxy;

/// <summary>What the service proxy of one node needs to know.</summary>
/// <param name="NodeName">This node (endpoints with this nodeName are "local" for externalTrafficPolicy: Local).</param>
/// <param name="NodeAddresses">The node's IPv4 addresses: NodePorts and the built-in LoadBalancer listen on them.</param>
public sealed record ProxyOptions(string NodeName, IReadOnlyList<string> NodeAddresses)
{
    /// <summary>The one nftables table (family ip) the proxy owns; nothing else is ever touched.</summary>
    public string TableName { get; init; } = "kubesharp";

    /// <summary>The nft binary.</summary>
    public string NftPath { get; init; } = "nft";

    /// <summary>Traffic to a ClusterIP from outside this range is masqueraded (kube-proxy's --cluster-cidr).</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>The packet mark bit meaning "masquerade in postrouting" (kube-proxy uses 0x4000 too).</summary>
    public uint MasqueradeMark { get; init; } = 0x4000;

    /// <summary>Writes status.loadBalancer.ingress of LoadBalancer Services (the built-in ServiceLB).</summary>
    public bool ServiceLoadBalancer { get; init; } = true;

    /// <summary>First delay before a full resync after a failed transaction; doubles up to 30 s.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(NodeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(TableName);
        foreach (var address in NodeAddresses)
        {
            if (!System.Net.IPAddress.TryParse(address, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"node address '{address}' is not an IPv4 address", nameof(NodeAddresses));
            }
        }
    }
}
