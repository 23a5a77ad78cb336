namespace Kubesharp.Proxy.Nft;

/// <summary>Everything the proxy programs for one Service: its chains, affinity sets and map elements.</summary>
internal sealed record ServiceRules(string ServiceKey, IReadOnlyList<NftChain> Chains, IReadOnlyList<NftSet> Sets, IReadOnlyList<NftElement> Elements)
{
    /// <summary>(service address, endpoint address) pairs of UDP ports: conntrack entries to forget when an endpoint goes.</summary>
    public IReadOnlyList<(string ServiceIp, string EndpointIp)> UdpFlows { get; init; } = [];

    /// <summary>
    /// Endpoint addresses reached through the shared balancing chains: each needs a hairpin pair
    /// (shared by every service that has the endpoint, so the engine counts references).
    /// </summary>
    public IReadOnlyList<string> Hairpins { get; init; } = [];

    public static ServiceRules Empty(string key) => new(key, [], [], []);

    public bool IsEmpty => Chains.Count == 0 && Sets.Count == 0 && Elements.Count == 0;
}
