using Kubesharp.Testing.Sandbox;
using System.Diagnostics;
using System.Net.Sockets;
using Kubesharp.Proxy.Nft;
using Kubesharp.Proxy.Sync;

namespace Kubesharp.Proxy.Tests.Runtime;

/// <summary>The real nft in a network namespace the test creates: rules load, and real TCP connections follow them.</summary>
[Trait("Category", "Runtime")]
public sealed class NftSandboxTests
{
    private static readonly ProxyOptions Options = new("node-a", [SandboxNetwork.NodeAddress]);

    [Fact]
    public async Task Services_InSandbox_BalanceRejectAndDisappear()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.UserName == "root", "needs root (network namespaces, nftables); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/sbin/nft"), "nftables missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync($"{typeof(NftSandboxTests).FullName}.{nameof(Services_InSandbox_BalanceRejectAndDisappear)}", TimeSpan.FromMinutes(2), ct);
            return;
        }

        await SandboxNetwork.SetUpAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var backends = new[] { SandboxNetwork.ServeAsync("10.42.0.2", 8080, stop.Token), SandboxNetwork.ServeAsync("10.42.0.3", 8080, stop.Token) };
        using var nft = NftRunners.Create(Options);
        var engine = new ProxyEngine(Options, nft);
        var web = Objects.Service("web", "10.43.0.50", "NodePort", nodePort: 30080);
        engine.SetService(web);
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.2", "node-a", true), ("10.42.0.3", "node-b", true)));
        engine.SetService(Objects.Service("empty", "10.43.0.51"));
        await engine.SyncAsync(ct);

        var table = await nft.ListTableAsync("kubesharp", ct);
        Assert.NotNull(table);
        Assert.Contains("10.43.0.50 . tcp . 80 : goto lb-2", table, StringComparison.Ordinal);
        Assert.Contains("tcp . 30080 : goto np-lb-2", table, StringComparison.Ordinal);
        Assert.Contains("10.43.0.51 . tcp . 80 : goto reject-chain", table, StringComparison.Ordinal);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40 && seen.Count < 2; i++)
        {
            seen.Add(await SandboxNetwork.AskAsync("10.43.0.50", 80, ct));
        }

        Assert.Equal(["10.42.0.2", "10.42.0.3"], seen.Order(StringComparer.Ordinal));
        Assert.StartsWith("10.42.0.", await SandboxNetwork.AskAsync(SandboxNetwork.NodeAddress, 30080, ct), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<SocketException>(() => SandboxNetwork.AskAsync("10.43.0.51", 80, ct));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"refusal took {clock.ElapsedMilliseconds} ms");

        // One endpoint goes: within one incremental sync no connection reaches it.
        engine.SetSlice(Objects.Slice("web", 8080, null, ("10.42.0.3", "node-b", true)));
        Assert.Equal(new SyncResult(false, 1), await engine.SyncAsync(ct));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("10.42.0.3", await SandboxNetwork.AskAsync("10.43.0.50", 80, ct));
        }

        engine.RemoveService(web);
        await engine.SyncAsync(ct);
        table = await nft.ListTableAsync("kubesharp", ct);
        Assert.DoesNotContain("10.43.0.50", table, StringComparison.Ordinal);
        Assert.DoesNotContain("30080", table, StringComparison.Ordinal);
        Assert.Contains("10.43.0.51 . tcp . 80 : goto reject-chain", table, StringComparison.Ordinal);

        await stop.CancelAsync();
        await Task.WhenAll(backends);
    }

    [Fact]
    public async Task ClientIpAffinity_InSandbox_SticksToOneBackend()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.UserName == "root", "needs root (network namespaces, nftables); run the tests as root");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync($"{typeof(NftSandboxTests).FullName}.{nameof(ClientIpAffinity_InSandbox_SticksToOneBackend)}", TimeSpan.FromMinutes(2), ct);
            return;
        }

        await SandboxNetwork.SetUpAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var backends = new[] { SandboxNetwork.ServeAsync("10.42.0.2", 8080, stop.Token), SandboxNetwork.ServeAsync("10.42.0.3", 8080, stop.Token) };
        using var nft = NftRunners.Create(Options);
        var engine = new ProxyEngine(Options, nft);
        engine.SetService(Objects.Service("sticky", "10.43.0.60").With("sessionAffinity", "ClientIP"));
        engine.SetSlice(Objects.Slice("sticky", 8080, null, ("10.42.0.2", null, true), ("10.42.0.3", null, true)));
        await engine.SyncAsync(ct);

        var first = await SandboxNetwork.AskAsync("10.43.0.60", 80, ct);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first, await SandboxNetwork.AskAsync("10.43.0.60", 80, ct));
        }

        var table = await nft.ListTableAsync("kubesharp", ct);
        Assert.Contains($"elements = {{ {SandboxNetwork.Client} expires", table, StringComparison.Ordinal);

        await stop.CancelAsync();
        await Task.WhenAll(backends);
    }
}
