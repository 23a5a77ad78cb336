using System.Globalization;

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

    /// <summary>ip daddr . l4proto . dport . endpoint index → endpoint address . port (services balanced without a chain of their own).</summary>
    public const string ServiceBackends = "service-backends";

    /// <summary>l4proto . node port . endpoint index → endpoint address . port.</summary>
    public const string NodePortBackends = "nodeport-backends";

    /// <summary>endpoint . endpoint pairs: a DNATed packet from an endpoint to itself (hairpin) is masqueraded.</summary>
    public const string HairpinPairs = "hairpin-pairs";

    public const string MarkForMasquerade = "mark-for-masquerade";

    public const string Reject = "reject-chain";

    /// <summary>
    /// Services with up to this many endpoints (and no ClientIP affinity) are balanced by shared
    /// chains and map elements only: an nft transaction reads every chain of the table first, so
    /// keeping the chain count independent of the number of Services keeps one-Service syncs fast.
    /// </summary>
    public const int MaxMappedEndpoints = 32;

    /// <summary>Shared chain balancing cluster-IP traffic over <paramref name="endpoints"/> backends.</summary>
    public static string ClusterBalance(int endpoints) => "lb-" + endpoints.ToString(CultureInfo.InvariantCulture);

    /// <summary>Shared chain for traffic to external addresses (LoadBalancer, externalIPs) of a Cluster-policy service.</summary>
    public static string ExternalBalance(int endpoints) => "ext-lb-" + endpoints.ToString(CultureInfo.InvariantCulture);

    /// <summary>Shared chain for NodePort traffic of a Cluster-policy service.</summary>
    public static string NodePortBalance(int endpoints) => "np-lb-" + endpoints.ToString(CultureInfo.InvariantCulture);
}
