using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kubesharp.Client.Transport;

namespace Kubesharp.Client.Tests.Transport;

public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubesharp-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (string CertPem, string KeyPem) SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    [Fact]
    public void Read_EmbeddedData_CurrentContext()
    {
        var (ca, _) = SelfSigned("ca");
        var (cert, key) = SelfSigned("admin");
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: other
              cluster:
                server: https://10.0.0.1:6443
            - name: kubesharp
              cluster:
                server: https://127.0.0.1:16443
                certificate-authority-data: {B64(ca)}
            users:
            - name: admin
              user:
                client-certificate-data: {B64(cert)}
                client-key-data: {B64(key)}
            contexts:
            - name: kubesharp
              context:
                cluster: kubesharp
                user: admin
            current-context: kubesharp
            """);

        var options = ApiTransports.ReadKubeconfig(path);
        Assert.Equal(new Uri("https://127.0.0.1:16443"), options.Server);
        Assert.Equal("CN=ca", options.CertificateAuthority!.Subject);
        Assert.Equal("CN=admin", options.ClientCertificate!.Subject);
        Assert.True(options.ClientCertificate.HasPrivateKey);
        Assert.Null(options.BearerToken);
    }

    [Fact]
    public void Read_FilesRelativeToConfigAndToken_NamedContext()
    {
        var (ca, _) = SelfSigned("file-ca");
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), ca);
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, """
            clusters:
            - name: c
              cluster:
                server: https://example:443
                certificate-authority: ca.crt
            users:
            - name: u
              user:
                token: abc
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: missing
            """);

        var options = ApiTransports.ReadKubeconfig(path, context: "x");
        Assert.Equal("CN=file-ca", options.CertificateAuthority!.Subject);
        Assert.Equal("abc", options.BearerToken);
        Assert.Null(options.ClientCertificate);
        Assert.Throws<InvalidDataException>(() => ApiTransports.ReadKubeconfig(path));
    }
}
