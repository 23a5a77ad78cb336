using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// The cluster CA: signs the API server's serving certificate and client certificates. ECDSA
/// P-256 keeps handshakes cheap and is accepted by kubectl and every client library.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    private CertificateAuthority(X509Certificate2 certificate, TimeSpan leafLifetime)
    {
        Certificate = certificate;
        LeafLifetime = leafLifetime;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>How long the leaves it issues live (never past the CA's own expiry).</summary>
    public TimeSpan LeafLifetime { get; }

    public static CertificateAuthority Create(string commonName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new CertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime)), CertificateRotationOptions.Default.LeafLifetime);
    }

    public static CertificateAuthority FromCertificate(X509Certificate2 certificate) => FromCertificate(certificate, CertificateRotationOptions.Default.LeafLifetime);

    public static CertificateAuthority FromCertificate(X509Certificate2 certificate, TimeSpan leafLifetime)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate has no private key.", nameof(certificate));
        }

        return new CertificateAuthority(certificate, leafLifetime);
    }

    /// <summary>A serving certificate for the API server with the given DNS names and IPs.</summary>
    public X509Certificate2 IssueServing(string commonName, IEnumerable<string> dnsNames, IEnumerable<System.Net.IPAddress> addresses, DateTimeOffset now)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dns);
        }

        foreach (var ip in addresses.Distinct())
        {
            names.AddIpAddress(ip);
        }

        return Issue($"CN={commonName}", [names.Build()], new OidCollection { new("1.3.6.1.5.5.7.3.1") }, now);
    }

    /// <summary>A client certificate: the user is the common name, the groups are organizations.</summary>
    public X509Certificate2 IssueClient(string user, IReadOnlyList<string> groups, DateTimeOffset now)
    {
        var subject = string.Join(", ", groups.Select(g => $"O={g}").Append($"CN={user}"));
        return Issue(subject, [], new OidCollection { new("1.3.6.1.5.5.7.3.2") }, now);
    }

    /// <summary>
    /// Signs a client certificate for a key the requester keeps (a PKCS#10 request in PEM): only the
    /// public key is taken from the request; the identity is ours to decide.
    /// </summary>
    /// <exception cref="CryptographicException">The request is not a valid, self-signed PKCS#10 request.</exception>
    public X509Certificate2 SignClientRequest(string requestPem, string user, IReadOnlyList<string> groups, DateTimeOffset now)
    {
        var requested = CertificateRequest.LoadSigningRequestPem(requestPem, HashAlgorithmName.SHA256);
        var subject = string.Join(", ", groups.Select(g => $"O={g}").Append($"CN={user}"));
        var request = new CertificateRequest(new X500DistinguishedName(subject), requested.PublicKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, [], new OidCollection { new("1.3.6.1.5.5.7.3.2") });
        return request.Create(Certificate, now.AddMinutes(-5), LeafNotAfter(now), NewSerial());
    }

    /// <summary>True when <paramref name="certificate"/> was issued by this CA and is valid now.</summary>
    public bool Verifies(X509Certificate2 certificate) => Verifies(certificate, DateTimeOffset.UtcNow);

    /// <summary>True when <paramref name="certificate"/> was issued by this CA and is valid at <paramref name="at"/>.</summary>
    public bool Verifies(X509Certificate2 certificate, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, IEnumerable<X509Extension> extensions, OidCollection usages, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, extensions, usages);
        using var issued = request.Create(Certificate, now.AddMinutes(-5), LeafNotAfter(now), NewSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private void AddLeafExtensions(CertificateRequest request, IEnumerable<X509Extension> extensions, OidCollection usages)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }
    }

    private DateTimeOffset LeafNotAfter(DateTimeOffset now) =>
        now.Add(LeafLifetime) < Certificate.NotAfter ? now.Add(LeafLifetime) : new DateTimeOffset(Certificate.NotAfter);

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive, as RFC 5280 asks
        return serial;
    }
}
