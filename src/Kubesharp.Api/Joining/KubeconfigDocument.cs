using System.Text;

namespace Kubesharp.Api.Joining;

/// <summary>A kubeconfig with inline certificates, as the real kubectl and client libraries read it.</summary>
public static class KubeconfigDocument
{
    /// <param name="serverUrl">e.g. https://127.0.0.1:6443</param>
    /// <param name="caPem">The cluster CA certificate (PEM).</param>
    /// <param name="certificatePem">The client certificate (PEM).</param>
    /// <param name="keyPem">The client's private key (PEM).</param>
    /// <param name="clusterName">Cluster and context name.</param>
    /// <param name="userName">The user entry's name.</param>
    public static string Render(string serverUrl, string caPem, string certificatePem, string keyPem, string clusterName, string userName)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {clusterName}
              cluster:
                server: {serverUrl}
                certificate-authority-data: {B64(caPem)}
            users:
            - name: {userName}
              user:
                client-certificate-data: {B64(certificatePem)}
                client-key-data: {B64(keyPem)}
            contexts:
            - name: {clusterName}
              context:
                cluster: {clusterName}
                user: {userName}
            current-context: {clusterName}

            """;
    }

    /// <summary>Writes atomically, readable by the owner only (it holds a private key).</summary>
    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
