using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Kubelet.Server;

/// <summary>Settings of the kubelet's HTTPS server (logs, exec, attach, port-forward, stats).</summary>
/// <param name="Address">The node's address the server listens on (its InternalIP).</param>
/// <param name="ClientCertificateAuthority">
/// The cluster CA: only client certificates it signed, with a common name in
/// <see cref="AllowedClientNames"/>, may call the server.
/// </param>
public sealed record KubeletServerOptions(IPAddress Address, X509Certificate2 ClientCertificateAuthority)
{
    /// <summary>Upstream's kubelet port; 0 picks a free one.</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The serving certificate; a self-signed one is made at start when null (upstream's default).</summary>
    public X509Certificate2? ServingCertificate { get; init; }

    /// <summary>Lifetime of the self-signed serving certificate.</summary>
    public TimeSpan SelfSignedLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The self-signed serving certificate is replaced at the first handshake this close to its
    /// expiry, so a kubelet that runs for years never serves an expired one.
    /// </summary>
    public TimeSpan SelfSignedRenewBefore { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Common names of the client certificates accepted: the API server's kubelet client.</summary>
    public IReadOnlyList<string> AllowedClientNames { get; init; } = ["kube-apiserver-kubelet-client"];

    /// <summary>How often a followed log is checked for new lines and its container for exit.</summary>
    public TimeSpan LogFollowInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address);
        ArgumentNullException.ThrowIfNull(ClientCertificateAuthority);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LogFollowInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SelfSignedRenewBefore, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(SelfSignedRenewBefore, SelfSignedLifetime);
        if (AllowedClientNames.Count == 0)
        {
            throw new ArgumentException("at least one client certificate name must be allowed", nameof(AllowedClientNames));
        }
    }
}
