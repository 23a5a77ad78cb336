using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Kubelet.Server;

/// <summary>The kubelet's own serving certificate when none is given, as upstream's kubelet makes one (the API server does not verify it).</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(IPAddress address, DateTimeOffset now) => Create(address, now, TimeSpan.FromDays(365));

    public static X509Certificate2 Create(IPAddress address, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Dns.GetHostName()}@{now.ToUnixTimeSeconds()}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(address);
        san.AddDnsName(Dns.GetHostName());
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(lifetime));
        // An exportable copy: SslStream on Linux needs the key in a form it can load.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
