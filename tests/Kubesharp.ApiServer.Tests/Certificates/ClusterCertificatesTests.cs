using System.Net;
using Kubesharp.ApiServer.Certificates;

namespace Kubesharp.ApiServer.Tests.Certificates;

public sealed class ClusterCertificatesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubesharp-certs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadOrCreate_FarFromExpiry_KeepsEveryCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        using var first = ClusterCertificates.LoadOrCreate(_directory, [], [], now);
        using var second = ClusterCertificates.LoadOrCreate(_directory, [], [], now.AddDays(30));

        Assert.Equal(first.Serving.Thumbprint, second.Serving.Thumbprint);
        Assert.Equal(first.Admin.Thumbprint, second.Admin.Thumbprint);
    }

    [Fact]
    public void LoadOrCreate_WithinNinetyDaysOfExpiry_RenewsLeavesButKeepsTheCa()
    {
        var now = DateTimeOffset.UtcNow;
        using var first = ClusterCertificates.LoadOrCreate(_directory, [], [], now);
        var later = now.AddDays(300);
        using var second = ClusterCertificates.LoadOrCreate(_directory, [], [], later);

        Assert.Equal(first.Authority.Certificate.Thumbprint, second.Authority.Certificate.Thumbprint);
        Assert.NotEqual(first.Serving.Thumbprint, second.Serving.Thumbprint);
        Assert.NotEqual(first.Admin.Thumbprint, second.Admin.Thumbprint);
        Assert.True(second.Serving.NotAfter.ToUniversalTime() > later.UtcDateTime.AddDays(300));
        Assert.Equal(second.Authority.Certificate.Subject, second.Admin.Issuer);
    }

    [Fact]
    public void LoadOrCreate_NewListenAddress_ReissuesTheServingCertificateOnly()
    {
        var now = DateTimeOffset.UtcNow;
        using var first = ClusterCertificates.LoadOrCreate(_directory, [], [], now);
        using var second = ClusterCertificates.LoadOrCreate(_directory, [], [IPAddress.Parse("192.0.2.7")], now);

        Assert.NotEqual(first.Serving.Thumbprint, second.Serving.Thumbprint);
        Assert.Equal(first.Admin.Thumbprint, second.Admin.Thumbprint);
        var san = second.Serving.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Parse("192.0.2.7"), san.EnumerateIPAddresses());
        Assert.Contains(ClusterCertificates.KubernetesServiceAddress, san.EnumerateIPAddresses());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
