using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The identity the API server presents to kubelets (metrics, logs, exec), named as upstream's
/// <c>apiserver-kubelet-client</c>. A leaf of <see cref="ClusterCertificates"/> like the others (file
/// <c>tls/kubelet-client.crt</c>), so it is renewed in the same window while the server runs.
/// </summary>
public static class KubeletClientCertificate
{
    public const string User = "kube-apiserver-kubelet-client";

    public static X509Certificate2 Issue(CertificateAuthority authority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.IssueClient(User, [ClusterCertificates.AdminGroup], now);
    }

    /// <summary>
    /// TLS options for connections to kubelets: the client certificate is asked of
    /// <paramref name="current"/> at every handshake, so a renewed one is used by the next new
    /// connection (pooled ones keep theirs, still valid). The kubelet's serving certificate is not
    /// verified, upstream's default (<c>--kubelet-certificate-authority</c> unset): kubelets sign their own.
    /// </summary>
    public static SslClientAuthenticationOptions TlsOptions(Func<X509Certificate2> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new SslClientAuthenticationOptions
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => current(),
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };
    }
}
