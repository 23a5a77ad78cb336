using System.Net;
using Kubesharp.Kubelet.Server;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Time;

namespace Kubesharp.Kubelet.Tests.Server;

public sealed class RotatingSelfSignedCertificateTests
{
    [Fact]
    public void Current_UntilTheWindow_SameCertificateThenANewOneForTheFullLifetime()
    {
        var start = DateTimeOffset.UtcNow;
        var time = new ManualTime(start);
        using var serving = new RotatingSelfSignedCertificate(IPAddress.Parse("10.99.0.2"), TimeSpan.FromDays(365), TimeSpan.FromDays(90), time);
        var first = serving.Current();
        Assert.Equal(start.AddDays(365).UtcDateTime, first.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromDays(274));
        Assert.Same(first, serving.Current());

        time.Advance(TimeSpan.FromDays(2));
        var second = serving.Current();

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Equal(time.GetUtcNow().AddDays(365).UtcDateTime, second.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Contains(IPAddress.Parse("10.99.0.2"), second.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses());
        Assert.Same(second, serving.Current());
    }
}
