using System.Text;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>Writes an admin kubeconfig that the real kubectl and client libraries accept.</summary>
public static class Kubeconfig
{
    public static string Render(string serverUrl, ClusterCertificates certificates, string clusterName = "kubesharp")
    {
        ArgumentNullException.ThrowIfNull(certificates);
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var ca = B64(certificates.Authority.Certificate.ExportCertificatePem());
        var cert = B64(certificates.Admin.ExportCertificatePem());
        var key = B64(Pem.KeyPem(certificates.Admin));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {clusterName}
              cluster:
                server: {serverUrl}
                certificate-authority-data: {ca}
            users:
            - name: {clusterName}-admin
              user:
                client-certificate-data: {cert}
                client-key-data: {key}
            contexts:
            - name: {clusterName}
              context:
                cluster: {clusterName}
                user: {clusterName}-admin
            current-context: {clusterName}

            """;
    }

    /// <summary>Writes the kubeconfig readable by the owner only (it holds the admin key).</summary>
    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
