using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Client.Transport;

/// <summary>
/// Where and how to reach an API server over HTTPS.
/// </summary>
/// <param name="Server">The base URL, e.g. https://127.0.0.1:6443.</param>
/// <param name="CertificateAuthority">The CA that signed the server's certificate; null trusts the system store.</param>
/// <param name="ClientCertificate">The client certificate (with private key) that authenticates us, if any.</param>
/// <param name="BearerToken">A bearer token that authenticates us, if any.</param>
public sealed record HttpTransportOptions(
    Uri Server,
    X509Certificate2? CertificateAuthority = null,
    X509Certificate2? ClientCertificate = null,
    string? BearerToken = null)
{
    /// <summary>Time limit for a non-streaming call (watches are bounded by their own timeoutSeconds).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asked for the client certificate at each new connection, so one rotated while running is
    /// used without a restart; when set it replaces <see cref="ClientCertificate"/>.
    /// </summary>
    public Func<X509Certificate2>? ClientCertificateSource { get; init; }

    /// <summary>Connections kept per server; HTTP/2 multiplexes many watches over each.</summary>
    public int MaxConnectionsPerServer { get; init; } = 16;
}
