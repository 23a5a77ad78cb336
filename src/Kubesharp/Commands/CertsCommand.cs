using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp certs check</c>: when each cluster certificate expires. The server re-issues leaf
/// certificates once they are within 90 days of expiry, at start and, checking hourly, while it
/// runs; this shows where they stand.
/// </summary>
internal static class CertsCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The cluster's data directory.", DefaultValueFactory = _ => DataDirectory.Default };
        var check = new Command("check", "Print the expiry date of every cluster certificate.") { dataDir };
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

        Console.WriteLine($"{"CERTIFICATE",-12}{"SUBJECT",-28}{"EXPIRES (UTC)",-22}{"RESIDUAL",-10}STATUS");
        foreach (var name in ClusterCertificates.Names)
        {
            var path = ClusterCertificates.CertificatePath(full, name);
            if (!File.Exists(path))
            {
                Console.WriteLine($"{name,-12}{"-",-28}{"-",-22}{"-",-10}missing (created at next start)");
                continue;
            }

            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            var left = certificate.NotAfter.ToUniversalTime() - now.UtcDateTime;
            var status = name == "ca" ? (left <= TimeSpan.Zero ? "EXPIRED (not renewed automatically: every kubeconfig trusts it)" : "ok")
                : left <= TimeSpan.Zero ? "EXPIRED (renewed when the server starts)"
                : left < ClusterCertificates.RenewBefore ? "due: the running server renews it within the hour, or at start"
                : $"ok (renewed automatically from {(certificate.NotAfter.ToUniversalTime() - ClusterCertificates.RenewBefore).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
            var expires = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var days = left <= TimeSpan.Zero ? "0d" : $"{(int)left.TotalDays}d";
            Console.WriteLine($"{name,-12}{certificate.GetNameInfo(X509NameType.SimpleName, false),-28}{expires,-22}{days,-10}{status}");
        }

        return ExitCodes.Success;
    }
}
