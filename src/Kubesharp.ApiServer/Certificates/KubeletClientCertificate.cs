using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The identity the API server presents to kubelets (metrics, logs, exec), named as upstream's
/// <c>apiserver-kubelet-client</c>. Issued in memory at every start: kubelets trust the cluster CA, not
/// the file, so nothing needs to survive a restart.
/// </summary>
public static class KubeletClientCertificate
{
    public const string User = "kube-apiserver-kubelet-client";

    public static X509Certificate2 Issue(CertificateAuthority authority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.IssueClient(User, [ClusterCertificates.AdminGroup], now);
    }
}
