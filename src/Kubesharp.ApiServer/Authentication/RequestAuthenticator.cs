using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Certificates;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Authentication;

/// <summary>
/// x509 client certificates signed by the cluster CA (user = CN, groups = O) and bearer tokens
/// from the token table, service account tokens (JWTs this cluster signed) or bootstrap tokens (for
/// joining nodes). Anything else is anonymous, which only the public endpoints accept.
/// </summary>
internal sealed class RequestAuthenticator(
    CertificateAuthority authority,
    IReadOnlyDictionary<string, UserInfo> tokens,
    Joining.BootstrapTokenAuthenticator bootstrap,
    ServiceAccountTokenAuthenticator serviceAccounts)
{
    // A connection's client certificate is one object for all its requests (an HTTP/2 connection
    // carries thousands): its chain is built once, not per request, where it cost ~7% of the
    // server's CPU under load. Keyed by reference, so an entry goes with its connection's certificate.
    private readonly ConditionalWeakTable<X509Certificate2, Verified> _verified = new();

    public async Task<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is not null && FromVerified(certificate) is { } certified)
        {
            return certified;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        if (tokens.TryGetValue(token, out var user))
        {
            return user;
        }

        return ServiceAccountTokenAuthenticator.LooksLikeJwt(token)
            ? await serviceAccounts.AuthenticateAsync(token, context.RequestAborted)
            : await bootstrap.AuthenticateAsync(token, context.RequestAborted);
    }

    private UserInfo? FromVerified(X509Certificate2 certificate)
    {
        if (!_verified.TryGetValue(certificate, out var verified))
        {
            verified = new Verified(authority.Verifies(certificate) ? FromCertificate(certificate) : null, certificate.NotAfter.ToUniversalTime());
            _verified.AddOrUpdate(certificate, verified);
        }

        return DateTime.UtcNow <= verified.NotAfter ? verified.User : null;
    }

    private static UserInfo FromCertificate(X509Certificate2 certificate)
    {
        var name = certificate.GetNameInfo(X509NameType.SimpleName, false);
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10")
            {
                groups.Add(rdn.GetSingleElementValue() ?? "");
            }
        }

        groups.Add("system:authenticated");
        return new UserInfo(name, groups);
    }

    private sealed record Verified(UserInfo? User, DateTime NotAfter);
}
