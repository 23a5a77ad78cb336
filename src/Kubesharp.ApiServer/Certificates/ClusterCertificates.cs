using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The certificates a cluster needs, kept under <c>&lt;data-dir&gt;/tls</c>: created on first start,
/// loaded afterwards so kubeconfigs handed out earlier keep working. Leaf certificates that
/// expire within the renewal window (or no longer match the CA) are re-issued at start and, by
/// <see cref="RenewDue"/>, while the server runs: <see cref="Serving"/>, <see cref="Admin"/> and
/// <see cref="KubeletClient"/> then return the new ones (Kestrel asks for the serving certificate,
/// and the kubelet connections for their client certificate, at every handshake).
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    /// <summary>The user and group of the admin client certificate (group bypasses authorization upstream).</summary>
    public const string AdminUser = "kubesharp-admin";
    public const string AdminGroup = "system:masters";

    /// <summary>The ClusterIP of the <c>default/kubernetes</c> Service (first address of 10.43.0.0/16), which pods dial.</summary>
    public static readonly IPAddress KubernetesServiceAddress = IPAddress.Parse("10.43.0.1");

    /// <summary>The default renewal window (k3s's rule: 90 days).</summary>
    public static TimeSpan RenewBefore => CertificateRotationOptions.Default.RenewBefore;

    /// <summary>The certificate files under <c>tls/</c>, by name, in the order <c>certs check</c> prints them.</summary>
    public static readonly IReadOnlyList<string> Names = ["ca", "serving", "admin", KubeletClientName];

    /// <summary>The file name of the API server's client certificate towards kubelets (upstream's apiserver-kubelet-client).</summary>
    public const string KubeletClientName = "kubelet-client";

    private readonly string _directory;
    private readonly IReadOnlyList<string> _dnsNames;
    private readonly IReadOnlyList<IPAddress> _addresses;
    private readonly CertificateRotationOptions _rotation;
    private readonly Lock _gate = new();
    // Replaced certificates may still be in a handshake; they are disposed with the rest.
    private readonly List<X509Certificate2> _retired = [];
    private X509Certificate2 _serving;
    private X509Certificate2 _admin;
    private X509Certificate2 _kubeletClient;

    private ClusterCertificates(string directory, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, CertificateRotationOptions rotation, CertificateAuthority authority)
    {
        _directory = directory;
        _dnsNames = dnsNames;
        _addresses = addresses;
        _rotation = rotation;
        Authority = authority;
        _serving = null!;
        _admin = null!;
        _kubeletClient = null!;
    }

    public CertificateAuthority Authority { get; }

    /// <summary>The API server's serving certificate now.</summary>
    public X509Certificate2 Serving => Volatile.Read(ref _serving);

    /// <summary>The admin client certificate now (the one in kubeconfig.yaml).</summary>
    public X509Certificate2 Admin => Volatile.Read(ref _admin);

    /// <summary>The client certificate the API server presents to kubelets now (logs, exec, attach, port-forward, proxy, metrics).</summary>
    public X509Certificate2 KubeletClient => Volatile.Read(ref _kubeletClient);

    public static ClusterCertificates LoadOrCreate(string dataDirectory, IReadOnlyList<string> extraDnsNames, IReadOnlyList<IPAddress> extraAddresses, DateTimeOffset now) =>
        LoadOrCreate(dataDirectory, extraDnsNames, extraAddresses, now, CertificateRotationOptions.Default);

    public static ClusterCertificates LoadOrCreate(
        string dataDirectory, IReadOnlyList<string> extraDnsNames, IReadOnlyList<IPAddress> extraAddresses, DateTimeOffset now, CertificateRotationOptions rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        rotation.Validate();
        var dir = Path.Combine(dataDirectory, "tls");
        Directory.CreateDirectory(dir);
        // The CA is never replaced automatically: every kubeconfig handed out trusts it.
        var ca = LoadOrCreatePair(dir, "ca", () => CertificateAuthority.Create("kubesharp-ca", now).Certificate, _ => false);
        var authority = CertificateAuthority.FromCertificate(ca, rotation.LeafLifetime);
        var addresses = new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, KubernetesServiceAddress }.Concat(extraAddresses).Distinct().ToList();
        var certificates = new ClusterCertificates(dir, DefaultDnsNames().Concat(extraDnsNames).ToList(), addresses, rotation, authority);
        certificates._serving = LoadOrCreatePair(dir, "serving", certificates.IssueServing(now), leaf => certificates.Stale(leaf, now) || !CoversAddresses(leaf, addresses));
        certificates._admin = LoadOrCreatePair(dir, "admin", certificates.IssueAdmin(now), leaf => certificates.Stale(leaf, now));
        certificates._kubeletClient = LoadOrCreatePair(dir, KubeletClientName, certificates.IssueKubeletClient(now), leaf => certificates.Stale(leaf, now));
        return certificates;
    }

    /// <summary>
    /// Re-issues (and writes) every leaf now within the renewal window; returns the names of those
    /// renewed, empty when none was due. Safe to call while connections are being accepted.
    /// </summary>
    public IReadOnlyList<string> RenewDue(DateTimeOffset now)
    {
        var renewed = new List<string>();
        lock (_gate)
        {
            if (Stale(Serving, now))
            {
                Replace(ref _serving, "serving", IssueServing(now));
                renewed.Add("serving");
            }

            if (Stale(Admin, now))
            {
                Replace(ref _admin, "admin", IssueAdmin(now));
                renewed.Add("admin");
            }

            if (Stale(KubeletClient, now))
            {
                Replace(ref _kubeletClient, KubeletClientName, IssueKubeletClient(now));
                renewed.Add(KubeletClientName);
            }
        }

        return renewed;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
        Admin.Dispose();
        KubeletClient.Dispose();
        lock (_gate)
        {
            foreach (var old in _retired)
            {
                old.Dispose();
            }
        }
    }

    /// <summary>The leaf certificate in use under <paramref name="name"/> (one of <see cref="Names"/> but the CA).</summary>
    public X509Certificate2 Leaf(string name) => name switch
    {
        "serving" => Serving,
        "admin" => Admin,
        KubeletClientName => KubeletClient,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a leaf certificate name"),
    };

    /// <summary>The certificate file of <paramref name="name"/> under <paramref name="dataDirectory"/>, whether or not it exists.</summary>
    public static string CertificatePath(string dataDirectory, string name) => Path.Combine(dataDirectory, "tls", $"{name}.crt");

    private bool Stale(X509Certificate2 leaf, DateTimeOffset now) =>
        leaf.NotAfter.ToUniversalTime() - now.UtcDateTime < _rotation.RenewBefore || !Authority.Verifies(leaf, now);

    private Func<X509Certificate2> IssueServing(DateTimeOffset now) => () => Authority.IssueServing("kube-apiserver", _dnsNames, _addresses, now);

    private Func<X509Certificate2> IssueAdmin(DateTimeOffset now) => () => Authority.IssueClient(AdminUser, [AdminGroup], now);

    private Func<X509Certificate2> IssueKubeletClient(DateTimeOffset now) => () => KubeletClientCertificate.Issue(Authority, now);

    private void Replace(ref X509Certificate2 field, string name, Func<X509Certificate2> issue)
    {
        using (var created = issue())
        {
            Pem.Write(created, Path.Combine(_directory, $"{name}.crt"), Path.Combine(_directory, $"{name}.key"));
        }

        var loaded = Pem.Read(Path.Combine(_directory, $"{name}.crt"), Path.Combine(_directory, $"{name}.key"));
        _retired.Add(Interlocked.Exchange(ref field, loaded));
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
            X509Certificate2? existing = null;
            try
            {
                existing = Pem.Read(certificatePath, keyPath);
            }
            catch (CryptographicException) when (name != "ca")
            {
                // A leaf whose key does not match (a crash between writing the two files): issue anew.
            }

            if (existing is not null && !renew(existing))
            {
                return existing;
            }

            existing?.Dispose();
        }

        using var created = create();
        Pem.Write(created, certificatePath, keyPath);
        return Pem.Read(certificatePath, keyPath);
    }
}
