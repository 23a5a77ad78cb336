using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// HttpClients that talk to the API server as its admin does: the admin client certificate from
/// <c>tls/admin.crt</c>/<c>admin.key</c>, the server checked against the cluster CA, HTTP/2 only.
/// </summary>
internal sealed class ApiClients : IDisposable
{
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _admin;
    private readonly List<HttpClient> _created = [];

    public ApiClients(string dataDirectory, Uri baseAddress)
    {
        var tls = Path.Combine(dataDirectory, "tls");
        _authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(tls, "ca.crt")));
        _admin = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "admin.crt"), Path.Combine(tls, "admin.key"));
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with its own connection(s); disposed with this object.</summary>
    public HttpClient Create(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [_admin],
                RemoteCertificateValidationCallback = ValidateServer,
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        lock (_created)
        {
            _created.Add(client);
        }

        return client;
    }

    public void Dispose()
    {
        lock (_created)
        {
            foreach (var client in _created)
            {
                client.Dispose();
            }
        }

        _admin.Dispose();
        _authority.Dispose();
    }

    // The serving certificate chains to the cluster CA, not to anything the OS trusts.
    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 serving || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        return custom.Build(serving);
    }
}
