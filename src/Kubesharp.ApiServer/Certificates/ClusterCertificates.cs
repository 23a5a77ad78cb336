using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The certificates a cluster needs, kept under <c>&lt;data-dir&gt;/tls</c>: created on first start,
/// loaded afterwards so kubeconfigs handed out earlier keep working. Leaf certificates that
/// expire within <see cref="RenewBefore"/> (or no longer match the CA) are re-issued at start,
/// so a cluster restarted now and then never meets an expired certificate (k3s's rule: 90 days).
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    /// <summary>The user and group of the admin client certificate (group bypasses authorization upstream).</summary>
    public const string AdminUser = "kubesharp-admin";
    public const string AdminGroup = "system:masters";

    /// <summary>The ClusterIP of the <c>default/kubernetes</c> Service (first address of 10.43.0.0/16), which pods dial.</summary>
    public static readonly IPAddress KubernetesServiceAddress = IPAddress.Parse("10.43.0.1");

    /// <summary>Leaf certificates closer than this to expiry are renewed when the server starts.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(90);

    /// <summary>The certificate files under <c>tls/</c>, by name, in the order <c>certs check</c> prints them.</summary>
    public static readonly IReadOnlyList<string> Names = ["ca", "serving", "admin"];

    private ClusterCertificates(CertificateAuthority authority, X509Certificate2 serving, X509Certificate2 admin)
    {
        Authority = authority;
        Serving = serving;
        Admin = admin;
    }

    public CertificateAuthority Authority { get; }

    public X509Certificate2 Serving { get; }

    public X509Certificate2 Admin { get; }

    public static ClusterCertificates LoadOrCreate(string dataDirectory, IReadOnlyList<string> extraDnsNames, IReadOnlyList<IPAddress> extraAddresses, DateTimeOffset now)
    {
        var dir = Path.Combine(dataDirectory, "tls");
        Directory.CreateDirectory(dir);
        // The CA is never replaced automatically: every kubeconfig handed out trusts it.
        var ca = LoadOrCreatePair(dir, "ca", () => CertificateAuthority.Create("kubesharp-ca", now).Certificate, _ => false);
        var authority = CertificateAuthority.FromCertificate(ca);
        bool Stale(X509Certificate2 leaf) => leaf.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || !authority.Verifies(leaf);
        var addresses = new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, KubernetesServiceAddress }.Concat(extraAddresses).Distinct().ToList();
        var serving = LoadOrCreatePair(
            dir,
            "serving",
            () => authority.IssueServing("kube-apiserver", DefaultDnsNames().Concat(extraDnsNames), addresses, now),
            leaf => Stale(leaf) || !CoversAddresses(leaf, addresses));
        var admin = LoadOrCreatePair(dir, "admin", () => authority.IssueClient(AdminUser, [AdminGroup], now), Stale);
        return new ClusterCertificates(authority, serving, admin);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
        Admin.Dispose();
    }

    private static IEnumerable<string> DefaultDnsNames() =>
    [
        "localhost",
        Environment.MachineName,
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
    ];

    /// <summary>The certificate file of <paramref name="name"/> under <paramref name="dataDirectory"/>, whether or not it exists.</summary>
    public static string CertificatePath(string dataDirectory, string name) => Path.Combine(dataDirectory, "tls", $"{name}.crt");

    private static bool CoversAddresses(X509Certificate2 leaf, IReadOnlyList<IPAddress> addresses)
    {
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        var present = san.EnumerateIPAddresses().ToHashSet();
        return addresses.All(present.Contains);
    }

    private static X509Certificate2 LoadOrCreatePair(string dir, string name, Func<X509Certificate2> create, Func<X509Certificate2, bool> renew)
    {
        var certificatePath = Path.Combine(dir, $"{name}.crt");
        var keyPath = Path.Combine(dir, $"{name}.key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = Pem.Read(certificatePath, keyPath);
            if (!renew(existing))
            {
                return existing;
            }

            existing.Dispose();
        }

        using var created = create();
        Pem.Write(created, certificatePath, keyPath);
        return Pem.Read(certificatePath, keyPath);
    }
}
