using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.Kubelet.Server;

namespace Kubesharp.Kubelet.Tests.Server;

public sealed class ClientCertificateCheckTests
{
    [Fact]
    public void Admits_KubeletClientSignedByClusterCa_OnlyThat()
    {
        using var ca = Authority("cluster-ca");
        using var other = Authority("other-ca");
        var check = new ClientCertificateCheck(ca, ["kube-apiserver-kubelet-client"]);
        using var good = Client(ca, "kube-apiserver-kubelet-client");
        using var wrongName = Client(ca, "system:node:other");
        using var wrongCa = Client(other, "kube-apiserver-kubelet-client");

        Assert.True(check.Admits(good));
        Assert.False(check.Admits(wrongName));
        Assert.False(check.Admits(wrongCa));
        Assert.False(check.Admits(null));
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Client(X509Certificate2 issuer, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"O=system:masters, CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        return request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), serial);
    }
}
