using Kubesharp.Proxy.Nft;
using Kubesharp.Proxy.Sync;

namespace Kubesharp.Proxy.Tests.Sync;

public sealed class ProxyEngineTests
{
    private static readonly ProxyOptions Options = new("node-a", ["192.168.5.10"]);

    [Fact]
    public async Task SyncAsync_First_ReplacesWholeTable()
    {
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("web", "10.43.0.50"));
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));

        var result = await engine.SyncAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new SyncResult(true, 1), result);
        var script = Assert.Single(nft.Scripts);
        Assert.StartsWith("add table ip kubesharp\ndelete table ip kubesharp\n", script, StringComparison.Ordinal);
        Assert.Contains("add element ip kubesharp service-ips { 10.43.0.50 . tcp . 80 : goto lb-1 }", script, StringComparison.Ordinal);
        Assert.Contains("add element ip kubesharp service-backends { 10.43.0.50 . tcp . 80 . 0 : 10.42.0.2 . 8080 }", script, StringComparison.Ordinal);
        Assert.Contains("add element ip kubesharp hairpin-pairs { 10.42.0.2 . 10.42.0.2 }", script, StringComparison.Ordinal);
        Assert.Contains("add rule ip kubesharp lb-1 meta l4proto { tcp, udp, sctp } dnat ip to ip daddr . meta l4proto . th dport . numgen random mod 1 map @service-backends", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_OneServiceChanges_RewritesOnlyItsChangedElements()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("web", "10.43.0.50"));
        engine.SetService(Objects.Service("api", "10.43.0.51"));
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));
        engine.SetSlice(Objects.Slice("api", 8080, null, ("10.42.0.9", null, true)));
        await engine.SyncAsync(ct);

        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.3", null, true)));
        var result = await engine.SyncAsync(ct);

        Assert.Equal(new SyncResult(false, 1), result);
        var lines = nft.Scripts[^1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "delete element ip kubesharp service-backends { 10.43.0.50 . tcp . 80 . 0 }",
                "add element ip kubesharp service-backends { 10.43.0.50 . tcp . 80 . 0 : 10.42.0.3 . 8080 }",
                "delete element ip kubesharp hairpin-pairs { 10.42.0.2 . 10.42.0.2 }",
                "add element ip kubesharp hairpin-pairs { 10.42.0.3 . 10.42.0.3 }",
            ],
            lines);
    }

    [Fact]
    public async Task SyncAsync_ServiceWithAffinityChanges_RewritesItsChain()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("web", "10.43.0.50").With("sessionAffinity", "ClientIP"));
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));
        await engine.SyncAsync(ct);

        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.3", null, true)));
        await engine.SyncAsync(ct);

        var lines = nft.Scripts[^1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("flush chain ip kubesharp svc/default/web/tcp/80", lines[0]);
        Assert.Contains("delete set ip kubesharp aff/default/web/tcp/80/10.42.0.2/8080", lines);
        Assert.Contains("add rule ip kubesharp svc/default/web/tcp/80 meta l4proto tcp dnat to 10.42.0.3:8080".Replace("meta l4proto", "update @aff/default/web/tcp/80/10.42.0.3/8080 { ip saddr } meta l4proto", StringComparison.Ordinal), lines);
        Assert.DoesNotContain(lines, l => l.Contains("service-ips", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_TwoServicesShareAnEndpoint_HairpinPairStaysUntilBothAreGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        var web = Objects.Service("web", "10.43.0.50");
        var api = Objects.Service("api", "10.43.0.51");
        engine.SetService(web);
        engine.SetService(api);
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));
        engine.SetSlice(Objects.Slice("api", 9090, null, ("10.42.0.2", null, true)));
        await engine.SyncAsync(ct);
        Assert.Single(nft.Scripts[^1].Split('\n'), l => l.Contains("hairpin-pairs { 10.42.0.2", StringComparison.Ordinal));

        engine.RemoveService(web);
        await engine.SyncAsync(ct);
        Assert.DoesNotContain("hairpin-pairs", nft.Scripts[^1], StringComparison.Ordinal);

        engine.RemoveService(api);
        await engine.SyncAsync(ct);
        Assert.Contains("delete element ip kubesharp hairpin-pairs { 10.42.0.2 . 10.42.0.2 }", nft.Scripts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_UnchangedRules_AppliesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("web", "10.43.0.50"));
        await engine.SyncAsync(ct);

        engine.SetService(Objects.Service("web", "10.43.0.50"));
        var result = await engine.SyncAsync(ct);

        Assert.Equal(new SyncResult(false, 0), result);
        Assert.Single(nft.Scripts);
    }

    [Fact]
    public async Task SyncAsync_ServiceDeleted_DeletesItsElementsAndChains()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        var web = Objects.Service("web", "10.43.0.50");
        var sticky = Objects.Service("sticky", "10.43.0.52").With("sessionAffinity", "ClientIP");
        engine.SetService(web);
        engine.SetService(sticky);
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)));
        engine.SetSlice(Objects.Slice("sticky", 8080, null, ("10.42.0.4", null, true)));
        await engine.SyncAsync(ct);

        engine.RemoveService(web);
        engine.RemoveService(sticky);
        await engine.SyncAsync(ct);

        var script = nft.Scripts[^1];
        Assert.Contains("delete element ip kubesharp service-ips { 10.43.0.50 . tcp . 80 }\n", script, StringComparison.Ordinal);
        Assert.Contains("delete element ip kubesharp service-backends { 10.43.0.50 . tcp . 80 . 0 }\n", script, StringComparison.Ordinal);
        Assert.Contains("delete element ip kubesharp hairpin-pairs { 10.42.0.2 . 10.42.0.2 }\n", script, StringComparison.Ordinal);
        Assert.Contains("delete chain ip kubesharp svc/default/sticky/tcp/80\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("add ", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_AfterFailure_DoesAFullResync()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("web", "10.43.0.50"));
        await engine.SyncAsync(ct);

        nft.FailNext = true;
        engine.SetService(Objects.Service("web", "10.43.0.60"));
        await Assert.ThrowsAsync<NftException>(() => engine.SyncAsync(ct));
        var retry = await engine.SyncAsync(ct);

        Assert.True(retry.Full);
        Assert.Contains("10.43.0.60 . tcp . 80", nft.Scripts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_TwoServicesClaimOneAddress_FirstKeepsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("a", "10.43.0.50"));
        engine.SetService(Objects.Service("b", "10.43.0.50"));

        await engine.SyncAsync(ct);

        Assert.Contains("{ 10.43.0.50 . tcp . 80 : goto reject-chain }", nft.Scripts[^1], StringComparison.Ordinal);
        Assert.Single(nft.Scripts[^1].Split('\n'), l => l.Contains("10.43.0.50 . tcp . 80", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_HolderOfAnAddressGoes_TheRefusedServiceGetsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var nft = new RecordingNftRunner();
        var engine = new ProxyEngine(Options, nft);
        var first = Objects.Service("a", "10.43.0.50");
        engine.SetService(first);
        engine.SetService(Objects.Service("b", "10.43.0.50"));
        engine.SetSlice(Objects.Slice("b", 8080, null, ("10.42.0.9", null, true)));
        await engine.SyncAsync(ct);

        engine.RemoveService(first);
        await engine.SyncAsync(ct);
        await engine.SyncAsync(ct);

        Assert.Contains("add element ip kubesharp service-ips { 10.43.0.50 . tcp . 80 : goto lb-1 }", nft.Scripts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_UdpEndpointRemoved_ForgetsItsConntrackEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        var conntrack = new RecordingConntrack();
        var engine = new ProxyEngine(Options, new RecordingNftRunner(), conntrack);
        var dns = Objects.Service("dns", "10.43.0.10");
        ((System.Text.Json.Nodes.JsonObject)dns["spec"]!["ports"]![0]!)["protocol"] = "UDP";
        engine.SetService(dns);
        engine.SetSlice(Objects.Slice("dns", 8080, null, ("10.42.0.2", null, true), ("10.42.0.3", null, true)));
        await engine.SyncAsync(ct);

        engine.SetSlice(Objects.Slice("dns", 8080, null, ("10.42.0.3", null, true)));
        await engine.SyncAsync(ct);

        Assert.Equal([("10.43.0.10", "10.42.0.2")], conntrack.Forgotten);
    }
}
