using System.Net;

namespace Kubesharp.ApiServer;

/// <summary>Settings of the API server.</summary>
/// <param name="DataDirectory">Holds <c>tls/</c> and the admin <c>kubeconfig.yaml</c>.</param>
/// <param name="BindAddress">Address Kestrel listens on.</param>
/// <param name="Port">HTTPS port; 0 picks a free one.</param>
public sealed record ApiServerOptions(string DataDirectory, IPAddress BindAddress, int Port)
{
    /// <summary>
    /// The address pods reach the API server at (the endpoint of the <c>kubernetes</c> Service); null picks
    /// the bind address, or for 0.0.0.0 the host's first non-loopback IPv4 (none when bound to loopback).
    /// </summary>
    public IPAddress? AdvertiseAddress { get; init; }

    /// <summary>Largest request body accepted (upstream's limit is 3 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>How often an idle watch that allows bookmarks gets a BOOKMARK with the newest revision.</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bearer tokens accepted, with the user each stands for.</summary>
    public IReadOnlyDictionary<string, Authentication.UserInfo> Tokens { get; init; } = new Dictionary<string, Authentication.UserInfo>();

    /// <summary>Lifetime of issued certificates and when the running server re-issues them.</summary>
    public Certificates.CertificateRotationOptions CertificateRotation { get; init; } = Certificates.CertificateRotationOptions.Default;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CertificateRotation);
        CertificateRotation.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentNullException.ThrowIfNull(BindAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WatchBookmarkInterval, TimeSpan.Zero);
    }
}
