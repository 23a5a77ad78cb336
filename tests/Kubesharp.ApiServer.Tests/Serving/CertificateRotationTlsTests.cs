using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Serving;
using Kubesharp.Client.Transport;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Serving;

/// <summary>
/// The running server rotates its serving certificate and the admin kubeconfig without a restart.
/// A lifetime of one hour with a window of all but three seconds makes every leaf due three
/// seconds after it is issued; the server looks every 200 ms.
/// </summary>
public sealed class CertificateRotationTlsTests
{
    private static readonly CertificateRotationOptions DueAfterThreeSeconds = new()
    {
        LeafLifetime = TimeSpan.FromHours(1),
        RenewBefore = TimeSpan.FromHours(1) - TimeSpan.FromSeconds(3),
        CheckInterval = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task RunningServer_CertificateDue_NewConnectionsGetTheNewOneAndTheKubeconfigFollows()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("kubesharp-rotate-tls-").FullName;
        await using var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(directory, "state.db")), null, ct);
        await using var server = await ApiServerHost.StartAsync(
            new ApiServerOptions(directory, IPAddress.Loopback, 0) { CertificateRotation = DueAfterThreeSeconds }, store, NullLoggerFactory.Instance, ct);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(ClusterCertificates.CertificatePath(directory, "ca"), ct));
        var kubeconfig = await File.ReadAllTextAsync(server.KubeconfigPath, ct);
        using var first = await PresentedAsync(server.Url.Port, ca, ct);

        // Bounded: rotation is due 3 s after issue; 30 s is the ceiling, not a goal.
        X509Certificate2? next = null;
        for (var i = 0; i < 150 && next is null; i++)
        {
            await Task.Delay(200, ct);
            var presented = await PresentedAsync(server.Url.Port, ca, ct);
            if (presented.Thumbprint != first.Thumbprint)
            {
                next = presented;
            }
            else
            {
                presented.Dispose();
            }
        }

        Assert.NotNull(next);
        using (next)
        {
            Assert.True(next.NotBefore > first.NotBefore, $"{next.NotBefore:O} after {first.NotBefore:O}");
            Assert.Equal(first.Subject, next.Subject);
        }

        // The admin kubeconfig on disk was rewritten with a renewed client certificate that the
        // server accepts; the CA in it is unchanged, so copies handed out before still verify.
        var rewritten = await Poll(async () => await File.ReadAllTextAsync(server.KubeconfigPath, ct), text => text != kubeconfig, ct);
        Assert.NotEqual(kubeconfig, rewritten);
        var options = ApiTransports.ReadKubeconfig(server.KubeconfigPath);
        Assert.Equal(ca.Thumbprint, options.CertificateAuthority!.Thumbprint);
        await using var transport = ApiTransports.CreateHttp(options);
        await using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, "/api/v1/namespaces/default"), ct);
        Assert.Equal(200, response.StatusCode);
    }

    /// <summary>The certificate a new TLS connection is served (the handshake fails unless it chains to the cluster CA).</summary>
    private static async Task<X509Certificate2> PresentedAsync(int port, X509Certificate2 ca, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ChainsTo(certificate, ca),
        };
        await tls.AuthenticateAsClientAsync(options, cancellationToken);
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2 ca)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static async Task<string> Poll(Func<Task<string>> read, Func<string, bool> done, CancellationToken cancellationToken)
    {
        var value = await read();
        for (var i = 0; i < 100 && !done(value); i++)
        {
            await Task.Delay(100, cancellationToken);
            value = await read();
        }

        return value;
    }
}
