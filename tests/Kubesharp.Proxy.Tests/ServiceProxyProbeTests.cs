namespace Kubesharp.Proxy.Tests;

/// <summary>The reason the proxy gives for idling when nftables cannot be used (the server logs it and keeps running).</summary>
public sealed class ServiceProxyProbeTests
{
    [Fact]
    public async Task ProbeAsync_NftNotInstalled_SaysItCannotRunIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "kubesharp-no-nft-" + Guid.NewGuid().ToString("N"), "nft");

        var problem = await ServiceProxy.ProbeAsync(new ProxyOptions("n1", []) { NftPath = missing }, TestContext.Current.CancellationToken);

        Assert.StartsWith($"cannot run {missing}: ", problem, StringComparison.Ordinal);
        Assert.EndsWith("No such file or directory", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NftFails_ReportsItsError()
    {
        // A stand-in nft that fails as the real one does without CAP_NET_ADMIN.
        var dir = Directory.CreateTempSubdirectory("kubesharp-fake-nft-");
        var nft = Path.Combine(dir.FullName, "nft");
        await File.WriteAllTextAsync(nft, "#!/bin/sh\necho 'Error: Operation not permitted' >&2\nexit 1\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(nft, (UnixFileMode)0x1ED); // 0755
        try
        {
            var problem = await ServiceProxy.ProbeAsync(new ProxyOptions("n1", []) { NftPath = nft }, TestContext.Current.CancellationToken);

            Assert.Equal("Error: Operation not permitted", problem);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
