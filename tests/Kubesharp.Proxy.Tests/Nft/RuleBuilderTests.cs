using Kubesharp.Proxy.Model;
using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Tests.Nft;

public sealed class RuleBuilderTests
{
    private static readonly ProxyOptions Options = new("node-a", ["192.168.5.10"]);

    private static ServiceRules Build(System.Text.Json.Nodes.JsonObject service, params System.Text.Json.Nodes.JsonObject[] slices) =>
        RuleBuilder.Build(ServiceModel.ReadService(service)!, ServiceModel.ReadEndpoints(slices), Options);

    [Fact]
    public void Build_ClusterIpTwoEndpoints_MarksHairpinAndPicksUniformly()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50"), Objects.Slice("web", 8080, null, ("10.42.0.2", "node-a", true), ("10.42.0.3", "node-b", true)));

        var element = Assert.Single(rules.Elements);
        Assert.Equal(new NftElement("service-ips", "10.43.0.50 . tcp . 80", "goto svc/default/web/tcp/80"), element);
        var service = Assert.Single(rules.Chains);
        Assert.Equal("svc/default/web/tcp/80", service.Name);
        Assert.Equal(
            [
                "ip daddr 10.43.0.50 ip saddr != 10.42.0.0/16 jump mark-for-masquerade",
                "ip saddr 10.42.0.2 jump mark-for-masquerade",
                "ip saddr 10.42.0.3 jump mark-for-masquerade",
                "numgen random mod 2 == 0 meta l4proto tcp dnat to 10.42.0.2:8080",
                "meta l4proto tcp dnat to 10.42.0.3:8080",
            ],
            service.Rules);
        Assert.Empty(rules.Sets);
    }

    [Fact]
    public void Build_NotReadyEndpoint_IsLeftOut()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50"), Objects.Slice("web", 8080, null, ("10.42.0.2", null, true), ("10.42.0.3", null, false)));

        var chain = Assert.Single(rules.Chains);
        Assert.Equal("meta l4proto tcp dnat to 10.42.0.2:8080", chain.Rules[^1]);
        Assert.DoesNotContain(chain.Rules, r => r.Contains("10.42.0.3", StringComparison.Ordinal));
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
    public void Build_NodePort_GoesThroughMasqueradingExternalChain()
    {
        var rules = Build(Objects.Service("web", "10.43.0.50", "NodePort", nodePort: 30080), Objects.Slice("web", 8080, null, ("10.42.0.2", "node-b", true)));

        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto ext/default/web/tcp/80"), rules.Elements);
        var external = Assert.Single(rules.Chains, c => c.Name == "ext/default/web/tcp/80");
        Assert.Equal(["jump mark-for-masquerade", "goto svc/default/web/tcp/80"], external.Rules);
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

        Assert.Contains(new NftElement("service-ips", "192.168.5.10 . tcp . 80", "goto ext/default/web/tcp/80"), rules.Elements);
        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto ext/default/web/tcp/80"), rules.Elements);
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

        Assert.Equal("meta l4proto tcp dnat to 10.42.0.2:9090", Assert.Single(rules.Chains).Rules[^1]);
    }

    [Fact]
    public void ReadService_ExternalNameAndHeadless_ProgramNothing()
    {
        Assert.Null(ServiceModel.ReadService(Objects.Service("ext", null, "ExternalName")));
        Assert.Null(ServiceModel.ReadService(Objects.Service("headless", "None")));
    }
}
