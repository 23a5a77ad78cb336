using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.Client.Transport;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp certs check</c>: when each certificate of a data directory expires. A server's data
/// directory holds the CA and the server's leaves (serving, admin, kubelet-client), which the server
/// re-issues once they are within 90 days of expiry, at start and, checking hourly, while it runs; an
/// agent's holds the CA and its node client certificate (node.kubeconfig), which the running agent
/// trades for a new one in the same window. Kubelet serving certificates are not listed: each
/// kubelet makes its own in memory and renews it itself (the API server does not verify them).
/// </summary>
internal static class CertsCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The data directory of a server or an agent.", DefaultValueFactory = _ => DataDirectory.Default };
        var check = new Command("check", "Print the expiry date of every certificate of the data directory.") { dataDir };
        check.SetAction(result => Check(result.GetValue(dataDir)!, DateTimeOffset.UtcNow));
        return new Command("certs", "Inspect the cluster's certificates.") { check };
    }

    private static int Check(string dataDirectory, DateTimeOffset now)
    {
        var full = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(Path.Combine(full, "tls")))
        {
            Console.Error.WriteLine($"kubesharp certs check: no certificates under {full}/tls; start the cluster once (kubesharp up) or pass --data-dir");
            return ExitCodes.UserError;
        }

        var nodeKubeconfig = Path.Combine(full, AgentCommand.NodeKubeconfig);
        // An agent's directory has the CA and node.kubeconfig but none of the server's leaves.
        var agent = File.Exists(nodeKubeconfig) && !File.Exists(ClusterCertificates.CertificatePath(full, "serving"));
        Console.WriteLine($"{"CERTIFICATE",-16}{"SUBJECT",-32}{"EXPIRES (UTC)",-22}{"RESIDUAL",-10}STATUS");
        foreach (var name in agent ? ["ca"] : ClusterCertificates.Names)
        {
            var path = ClusterCertificates.CertificatePath(full, name);
            if (!File.Exists(path))
            {
                Console.WriteLine($"{name,-16}{"-",-32}{"-",-22}{"-",-10}missing (created at next start)");
                continue;
            }

            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            Print(name, certificate, now, name == "ca" ? CaStatus : LeafStatus("the running server renews it within the hour, or at start", "renewed when the server starts"));
        }

        if (File.Exists(nodeKubeconfig))
        {
            using var node = ReadNodeCertificate(nodeKubeconfig, out var problem);
            if (node is null)
            {
                Console.WriteLine($"{"node",-16}{"-",-32}{"-",-22}{"-",-10}{problem}");
            }
            else
            {
                Print("node", node, now, LeafStatus("the running agent renews it within the hour", "the agent cannot renew it: remove node.kubeconfig and join again with a new token"));
            }
        }

        return ExitCodes.Success;
    }

    private static void Print(string name, X509Certificate2 certificate, DateTimeOffset now, Func<X509Certificate2, TimeSpan, string> status)
    {
        var left = certificate.NotAfter.ToUniversalTime() - now.UtcDateTime;
        var expires = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var days = left <= TimeSpan.Zero ? "0d" : $"{(int)left.TotalDays}d";
        Console.WriteLine($"{name,-16}{certificate.GetNameInfo(X509NameType.SimpleName, false),-32}{expires,-22}{days,-10}{status(certificate, left)}");
    }

    private static string CaStatus(X509Certificate2 certificate, TimeSpan left) =>
        left <= TimeSpan.Zero ? "EXPIRED (not renewed automatically: every kubeconfig trusts it)" : "ok";

    private static Func<X509Certificate2, TimeSpan, string> LeafStatus(string whoRenews, string whenExpired) => (certificate, left) =>
        left <= TimeSpan.Zero ? $"EXPIRED ({whenExpired})"
        : left < ClusterCertificates.RenewBefore ? $"due: {whoRenews}"
        : $"ok (renewed automatically from {(certificate.NotAfter.ToUniversalTime() - ClusterCertificates.RenewBefore).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";

    private static X509Certificate2? ReadNodeCertificate(string kubeconfig, out string problem)
    {
        try
        {
            var options = ApiTransports.ReadKubeconfig(kubeconfig);
            options.CertificateAuthority?.Dispose();
            problem = $"no client certificate in {kubeconfig}";
            return options.ClientCertificate;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            problem = $"unreadable: {e.Message}";
            return null;
        }
    }
}
