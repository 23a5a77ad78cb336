using Kubesharp.Proxy.Model;
using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Tests.Nft;

public sealed class RuleBuilderTests
{
    private static readonly ProxyOptions Options = new("node-a", ["192.168.5.10"]);

    private static ServiceRules Build(System.Text.Json.Nodes.JsonObject service, params System.Text.Json.Nodes.JsonObject[] slices) =>
        RuleBuilder.Build(ServiceModel.ReadService(service)!, ServiceModel.ReadEndpoints(slices), Options);

    [Fact]
    public void Build_ClusterIpTwoEndpoints_MapsThroughTheSharedChainForTwo()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50"), Objects.Slice("web", 8080, null, ("10.42.0.2", "node-a", true), ("10.42.0.3", "node-b", true)));

        Assert.Equal(
            [
                new NftElement("service-ips", "10.43.0.50 . tcp . 80", "goto lb-2"),
                new NftElement("service-backends", "10.43.0.50 . tcp . 80 . 0", "10.42.0.2 . 8080"),
                new NftElement("service-backends", "10.43.0.50 . tcp . 80 . 1", "10.42.0.3 . 8080"),
            ],
            rules.Elements);
        Assert.Empty(rules.Chains);
        Assert.Empty(rules.Sets);
        Assert.Equal(["10.42.0.2", "10.42.0.3"], rules.Hairpins);
        Assert.All(rules.Elements, e => Assert.Equal("ip 10.43.0.50 . tcp . 80", e.Id));
    }

    [Fact]
    public void Build_MoreEndpointsThanTheSharedChainsCover_GetsAServiceChainThatPicksUniformly()
    {
        var endpoints = Enumerable.Range(0, NftMaps.MaxMappedEndpoints + 1).Select(i => ($"10.42.1.{i + 1}", (string?)null, true)).ToArray();
        var rules = Build(Objects.Service("web", "10.43.0.50"), Objects.Slice("web", 8080, null, endpoints));

        var element = Assert.Single(rules.Elements);
        Assert.Equal(new NftElement("service-ips", "10.43.0.50 . tcp . 80", "goto svc/default/web/tcp/80"), element);
        var chain = Assert.Single(rules.Chains).Rules;
        Assert.Equal("ip daddr 10.43.0.50 ip saddr != 10.42.0.0/16 jump mark-for-masquerade", chain[0]);
        Assert.Equal("ip saddr 10.42.1.1 jump mark-for-masquerade", chain[1]);
        Assert.Equal($"numgen random mod {endpoints.Length} == 0 meta l4proto tcp dnat to 10.42.1.1:8080", chain[endpoints.Length + 1]);
        Assert.Equal($"meta l4proto tcp dnat to 10.42.1.{endpoints.Length}:8080", chain[^1]);
        Assert.Empty(rules.Hairpins);
    }

    [Fact]
    public void Build_NotReadyEndpoint_IsLeftOut()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50"), Objects.Slice("web", 8080, null, ("10.42.0.2", null, true), ("10.42.0.3", null, false)));

        Assert.Equal(
            [new NftElement("service-ips", "10.43.0.50 . tcp . 80", "goto lb-1"), new NftElement("service-backends", "10.43.0.50 . tcp . 80 . 0", "10.42.0.2 . 8080")],
            rules.Elements);
        Assert.Equal(["10.42.0.2"], rules.Hairpins);
    }

    [Fact]
    public void Build_NoEndpoints_RejectsClusterIpAndNodePort()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50", "NodePort", nodePort: 30080));

        Assert.Empty(rules.Chains);
        Assert.Equal(
            [new NftElement("no-endpoint-services", "10.43.0.50 . tcp . 80", "goto reject-chain"), new NftElement("no-endpoint-nodeports", "tcp . 30080", "goto reject-chain")],
            rules.Elements);
    }

    [Fact]
    public void Build_NodePort_GoesThroughTheMasqueradingNodePortChain()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50", "NodePort", nodePort: 30080), Objects.Slice("web", 8080, null, ("10.42.0.2", "node-b", true)));

        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto np-lb-1"), rules.Elements);
        Assert.Contains(new NftElement("nodeport-backends", "tcp . 30080 . 0", "10.42.0.2 . 8080"), rules.Elements);
        Assert.Empty(rules.Chains);
    }

    [Fact]
    public void Build_LocalPolicy_UsesOnlyThisNodesEndpointsWithoutMasquerade()
    {
        var service = Objects.Service("web", "10.43.0.50", "NodePort", nodePort: 30080).With("externalTrafficPolicy", "Local");
        var rules = Build(service, Objects.Slice("web", 8080, null, ("10.42.0.2", "node-a", true), ("10.42.0.3", "node-b", true)));

        var external = Assert.Single(rules.Chains, c => c.Name == "ext/default/web/tcp/80");
        Assert.Equal(["ip saddr 10.42.0.2 jump mark-for-masquerade", "meta l4proto tcp dnat to 10.42.0.2:8080"], external.Rules);

        var remoteOnly = Build(service, Objects.Slice("web", 8080, null, ("10.42.0.3", "node-b", true)));
        Assert.Equal(["drop"], remoteOnly.Chains.Single(c => c.Name.StartsWith("ext/", StringComparison.Ordinal)).Rules);
    }

    [Fact]
    public void Build_LoadBalancer_ServesNodeAddressAndPort()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50", "LoadBalancer", nodePort: 30080), Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));

        Assert.Contains(new NftElement("service-ips", "192.168.5.10 . tcp . 80", "goto ext-lb-1"), rules.Elements);
        Assert.Contains(new NftElement("service-backends", "192.168.5.10 . tcp . 80 . 0", "10.42.0.2 . 8080"), rules.Elements);
        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto np-lb-1"), rules.Elements);
    }

    [Fact]
    public void Build_ClientIpAffinity_UpdatesAndMatchesATimedSetPerEndpoint()
    {
        var service = Objects.Service("web", "10.43.0.50").With("sessionAffinity", "ClientIP")
            .With("sessionAffinityConfig", new System.Text.Json.Nodes.JsonObject { ["clientIP"] = new System.Text.Json.Nodes.JsonObject { ["timeoutSeconds"] = 600 } });
        var rules = Build(service, Objects.Slice("web", 8080, null, ("10.42.0.2", null, true), ("10.42.0.3", null, true)));

        Assert.Equal([new NftSet("aff/default/web/tcp/80/10.42.0.2/8080", 600), new NftSet("aff/default/web/tcp/80/10.42.0.3/8080", 600)], rules.Sets);
        var chain = Assert.Single(rules.Chains).Rules;
        Assert.Equal("ip saddr @aff/default/web/tcp/80/10.42.0.2/8080 update @aff/default/web/tcp/80/10.42.0.2/8080 { ip saddr } meta l4proto tcp dnat to 10.42.0.2:8080", chain[3]);
        Assert.Equal("numgen random mod 2 == 0 update @aff/default/web/tcp/80/10.42.0.2/8080 { ip saddr } meta l4proto tcp dnat to 10.42.0.2:8080", chain[5]);
        Assert.Equal("update @aff/default/web/tcp/80/10.42.0.3/8080 { ip saddr } meta l4proto tcp dnat to 10.42.0.3:8080", chain[6]);
    }

    [Fact]
    public void Build_NamedPort_TakesTheSlicePortOfThatName()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50", portName: "http"), Objects.Slice("web", 9090, "http", ("10.42.0.2", null, true)));

        Assert.Contains(new NftElement("service-backends", "10.43.0.50 . tcp . 80 . 0", "10.42.0.2 . 9090"), rules.Elements);
    }

    [Fact]
    public void ReadService_ExternalNameAndHeadless_ProgramNothing()
    {
        Assert.Null(ServiceModel.ReadService(Objects.Service("ext", null, "ExternalName")));
        Assert.Null(ServiceModel.ReadService(Objects.Service("headless", "None")));
    }
}
