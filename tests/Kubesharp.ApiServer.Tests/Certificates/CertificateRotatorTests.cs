using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Certificates;

public sealed class CertificateRotatorTests : IDisposable
{
    private static readonly CertificateRotationOptions TenDays = new() { LeafLifetime = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(3), CheckInterval = TimeSpan.FromHours(1) };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubesharp-rotate-" + Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    [Fact]
    public void LoadOrCreate_LeafLifetimeOption_IsTheIssuedLifetime()
    {
        using var certificates = ClusterCertificates.LoadOrCreate(_directory, [], [], _start, TenDays);

        Assert.Equal(_start.AddDays(10).UtcDateTime, certificates.Serving.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(_start.AddDays(10).UtcDateTime, certificates.Admin.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(_start.AddDays(10).UtcDateTime, certificates.KubeletClient.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(KubeletClientCertificate.User, certificates.KubeletClient.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Fact]
    public async Task CheckNow_BeforeTheWindow_RenewsNothing()
    {
        using var certificates = ClusterCertificates.LoadOrCreate(_directory, [], [], _start, TenDays);
        var time = new ManualTime(_start.AddDays(6.9));
        var adminWrites = 0;
        var (serving, kubeletClient) = (certificates.Serving.Thumbprint, certificates.KubeletClient.Thumbprint);
        await using var rotator = new CertificateRotator(certificates, TenDays, () => adminWrites++, time, NullLogger.Instance);

        Assert.Empty(rotator.CheckNow());
        Assert.Equal(serving, certificates.Serving.Thumbprint);
        Assert.Equal(kubeletClient, certificates.KubeletClient.Thumbprint);
        Assert.Equal(0, adminWrites);
    }

    [Fact]
    public async Task CheckNow_InsideTheWindow_ReissuesEveryLeafOnceAndWritesThem()
    {
        using var certificates = ClusterCertificates.LoadOrCreate(_directory, [], [], _start, TenDays);
        var time = new ManualTime(_start.AddDays(7.1));
        var adminWrites = 0;
        var (serving, admin, kubeletClient, ca) = (certificates.Serving.Thumbprint, certificates.Admin.Thumbprint, certificates.KubeletClient.Thumbprint, certificates.Authority.Certificate.Thumbprint);
        await using var rotator = new CertificateRotator(certificates, TenDays, () => adminWrites++, time, NullLogger.Instance);

        Assert.Equal(["serving", "admin", "kubelet-client"], rotator.CheckNow());

        Assert.NotEqual(serving, certificates.Serving.Thumbprint);
        Assert.NotEqual(admin, certificates.Admin.Thumbprint);
        Assert.NotEqual(kubeletClient, certificates.KubeletClient.Thumbprint);
        Assert.Equal(time.Now.AddDays(10).UtcDateTime, certificates.KubeletClient.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.True(certificates.Authority.Verifies(certificates.KubeletClient, time.Now));
        Assert.Equal(ca, certificates.Authority.Certificate.Thumbprint);
        Assert.Equal(time.Now.AddDays(10).UtcDateTime, certificates.Serving.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.True(certificates.Authority.Verifies(certificates.Serving, time.Now));
        Assert.Equal(1, adminWrites);
        using var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(ClusterCertificates.CertificatePath(_directory, "serving")));
        Assert.Equal(certificates.Serving.Thumbprint, onDisk.Thumbprint);
        // The next start loads what the running server wrote instead of issuing again.
        using (var restarted = ClusterCertificates.LoadOrCreate(_directory, [], [], time.Now, TenDays))
        {
            Assert.Equal(certificates.Serving.Thumbprint, restarted.Serving.Thumbprint);
            Assert.Equal(certificates.Admin.Thumbprint, restarted.Admin.Thumbprint);
            Assert.Equal(certificates.KubeletClient.Thumbprint, restarted.KubeletClient.Thumbprint);
        }

        // Renewed once: a second look at the same time finds nothing due.
        Assert.Empty(rotator.CheckNow());
        Assert.Equal(1, adminWrites);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 0)]
    [InlineData(0, 1)]
    public void Validate_WindowNotInsideTheLifetime_Throws(int lifetimeDays, int renewBeforeDays)
    {
        var options = new CertificateRotationOptions { LeafLifetime = TimeSpan.FromDays(lifetimeDays), RenewBefore = TimeSpan.FromDays(renewBeforeDays) };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
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
