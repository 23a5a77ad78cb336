using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>
/// The kubelet client certificate renewed while the server runs is what the next connection to a
/// kubelet presents: leaves issued 7.1 days ago with a 10-day lifetime and a 3-day window are due now.
/// </summary>
public sealed class KubeletClientRotationTests : IDisposable
{
    private static readonly CertificateRotationOptions TenDays = new() { LeafLifetime = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(3), CheckInterval = TimeSpan.FromHours(1) };
    private readonly string _directory = Directory.CreateTempSubdirectory("kubesharp-kubelet-client-").FullName;

    [Fact]
    public async Task FetchAsync_KubeletClientCertificateRenewed_NextHandshakePresentsTheNewOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = ClusterCertificates.LoadOrCreate(_directory, [], [], DateTimeOffset.UtcNow.AddDays(-7.1), TenDays);
        await using var kubelet = await FakeKubelet.StartAsync(MetricsFixtures.SummaryJson, closeConnections: true);
        await using var source = new KubeletUsageSource(() => certificates.KubeletClient, TimeSpan.FromSeconds(10), NullLogger.Instance);
        var node = (JsonObject)JsonNode.Parse("""{"metadata":{"name":"n1"},"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":PORT}}}}"""
            .Replace("PORT", kubelet.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!;
        var before = certificates.KubeletClient.Thumbprint;

        Assert.NotNull(await source.FetchAsync(node, ct));
        Assert.Contains(ClusterCertificates.KubeletClientName, certificates.RenewDue(DateTimeOffset.UtcNow));
        Assert.NotNull(await source.FetchAsync(node, ct));

        Assert.NotEqual(before, certificates.KubeletClient.Thumbprint);
        Assert.Equal([before, certificates.KubeletClient.Thumbprint], kubelet.ClientThumbprints);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
