using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.ServiceAccounts;

namespace Kubesharp.ApiServer.Authentication;

/// <summary>
/// Bearer tokens this cluster signed for service accounts: valid signature, issuer, time and
/// audience, and the service account (and any bound pod, secret or node) still the one the token
/// names; the user is <c>system:serviceaccount:NS:NAME</c> as upstream.
/// </summary>
internal sealed class ServiceAccountTokenAuthenticator(ServiceAccountTokens tokens, ResourceRegistry registry, TimeProvider time)
{
    // A pod deleted longer ago than this no longer vouches for its tokens (upstream's grace).
    private static readonly TimeSpan DeletedObjectGrace = TimeSpan.FromSeconds(60);

    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    public async Task<UserInfo?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (tokens.Read(token, now) is not { } claims || !claims.Audiences.Contains(ServiceAccountTokens.Issuer))
        {
            return null;
        }

        var account = new ObjectRef(BuiltInResources.Get("", "serviceaccounts"), claims.Namespace, claims.ServiceAccountName);
        if (!await StillValidAsync(account, claims.ServiceAccountUid, now, cancellationToken)
            || (claims.Pod is { } pod && !await StillValidAsync(new ObjectRef(BuiltInResources.Get("", "pods"), claims.Namespace, pod.Name), pod.Uid, now, cancellationToken))
            || (claims.Secret is { } secret && !await StillValidAsync(new ObjectRef(BuiltInResources.Get("", "secrets"), claims.Namespace, secret.Name), secret.Uid, now, cancellationToken))
            || (claims.Pod is null && claims.Node is { } node && !await StillValidAsync(new ObjectRef(BuiltInResources.Get("", "nodes"), null, node.Name), node.Uid, now, cancellationToken)))
        {
            return null;
        }

        return new UserInfo(claims.Subject, ["system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"]);
    }

    private async Task<bool> StillValidAsync(ObjectRef target, string uid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonObject obj;
        try
        {
            obj = await registry.GetAsync(target, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
        }

        if (ObjectMeta.Uid(obj) != uid)
        {
            return false;
        }

        return ObjectMeta.DeletionTimestamp(obj) is not { } deleted
            || DateTimeOffset.Parse(deleted, CultureInfo.InvariantCulture) > now - DeletedObjectGrace;
    }
}
