using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The certificates a cluster needs, kept under <c>&lt;data-dir&gt;/tls</c>: created on first start,
/// loaded afterwards so kubeconfigs handed out earlier keep working.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    /// <summary>The user and group of the admin client certificate (group bypasses authorization upstream).</summary>
    public const string AdminUser = "kubesharp-admin";
    public const string AdminGroup = "system:masters";

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
        var ca = LoadOrCreatePair(dir, "ca", () => CertificateAuthority.Create("kubesharp-ca", now).Certificate);
        var authority = CertificateAuthority.FromCertificate(ca);
        var serving = LoadOrCreatePair(dir, "serving", () => authority.IssueServing(
            "kube-apiserver",
            DefaultDnsNames().Concat(extraDnsNames),
            new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }.Concat(extraAddresses),
            now));
        var admin = LoadOrCreatePair(dir, "admin", () => authority.IssueClient(AdminUser, [AdminGroup], now));
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

    private static X509Certificate2 LoadOrCreatePair(string dir, string name, Func<X509Certificate2> create)
    {
        var certificatePath = Path.Combine(dir, $"{name}.crt");
        var keyPath = Path.Combine(dir, $"{name}.key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return Pem.Read(certificatePath, keyPath);
        }

        using var created = create();
        Pem.Write(created, certificatePath, keyPath);
        return Pem.Read(certificatePath, keyPath);
    }
}
