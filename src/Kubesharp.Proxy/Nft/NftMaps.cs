namespace Kubesharp.Proxy.Nft;

/// <summary>Names of the fixed maps and chains of the proxy's table (the skeleton every sync keeps).</summary>
internal static class NftMaps
{
    /// <summary>ip daddr . l4proto . dport → goto the service (or external) chain.</summary>
    public const string ServiceIps = "service-ips";

    /// <summary>l4proto . dport → goto the external chain, for packets to one of the node's addresses.</summary>
    public const string NodePorts = "service-nodeports";

    /// <summary>Like <see cref="ServiceIps"/> for services without endpoints: goto reject.</summary>
    public const string NoEndpointServices = "no-endpoint-services";

    /// <summary>Like <see cref="NodePorts"/> for services without endpoints: goto reject.</summary>
    public const string NoEndpointNodePorts = "no-endpoint-nodeports";

    /// <summary>The node's addresses (NodePorts listen there).</summary>
    public const string NodeIps = "nodeport-ips";

    public const string MarkForMasquerade = "mark-for-masquerade";

    public const string Reject = "reject-chain";
}
