using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// Admits a TLS client only with a certificate the cluster CA signed for one of the allowed names
/// (the API server's kubelet client): other nodes' and users' certificates are turned away.
/// </summary>
internal sealed class ClientCertificateCheck(X509Certificate2 authority, IReadOnlyList<string> allowedNames)
{
    public bool Admits(X509Certificate2? certificate)
    {
        if (certificate is null || !allowedNames.Contains(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), StringComparer.Ordinal))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public bool Admits(X509Certificate2? certificate, SslPolicyErrors errors) =>
        (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && Admits(certificate);
}
