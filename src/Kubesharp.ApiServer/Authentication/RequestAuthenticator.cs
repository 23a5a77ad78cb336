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
    // A TLS connection keeps one certificate object for all its requests: the chain is built once
    // per connection (it was most of a small request's CPU), and the entry goes with the connection.
    private readonly ConditionalWeakTable<X509Certificate2, CertificateIdentity?> _verified = [];

    public async Task<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        // Set only by the in-process handler; Kestrel's feature collections never carry it.
        if (context.Features.Get<Serving.InProcess.InProcessCaller>() is { } caller)
        {
            return caller.User;
        }

        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is not null && Verified(certificate) is { } identity && identity.ValidAt(DateTime.UtcNow))
        {
            return identity.User;
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

    private CertificateIdentity? Verified(X509Certificate2 certificate) =>
        _verified.GetValue(certificate, c => authority.Verifies(c) ? new CertificateIdentity(FromCertificate(c), c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime()) : null);

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
}
