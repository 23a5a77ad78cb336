using Kubesharp.Api.Joining;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>Writes an admin kubeconfig that the real kubectl and client libraries accept.</summary>
public static class Kubeconfig
{
    public static string Render(string serverUrl, ClusterCertificates certificates, string clusterName = "kubesharp")
    {
        ArgumentNullException.ThrowIfNull(certificates);
        return KubeconfigDocument.Render(
            serverUrl,
            certificates.Authority.Certificate.ExportCertificatePem(),
            certificates.Admin.ExportCertificatePem(),
            Pem.KeyPem(certificates.Admin),
            clusterName,
            $"{clusterName}-admin");
    }

    /// <summary>Writes the kubeconfig readable by the owner only (it holds the admin key).</summary>
    public static void Write(string path, string content) => KubeconfigDocument.Write(path, content);
}
