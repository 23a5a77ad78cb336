using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// Pod-bound service account tokens from the TokenRequest API (<c>POST serviceaccounts/NAME/token</c>),
/// cached per pod and audience and renewed, as upstream's token manager does, once 80% of their
/// lifetime has passed (at most 24 h).
/// </summary>
internal sealed class ServiceAccountTokens(IApiClient client, TimeProvider time)
{
    private static readonly ResourceType Accounts = BuiltInResources.Get("", "serviceaccounts");
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    private readonly ConcurrentDictionary<string, Cached> _tokens = new(StringComparer.Ordinal);

    /// <exception cref="TokenRequestException">The request failed (missing account, API without TokenRequest, ...).</exception>
    public async Task<string> GetAsync(JsonObject pod, string? audience, long expirationSeconds, CancellationToken cancellationToken)
    {
        var uid = PodJson.Uid(pod);
        var ns = PodJson.Namespace(pod);
        var account = PodJson.ServiceAccount(pod);
        var key = $"{uid}/{account}/{audience}/{expirationSeconds}";
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && now < cached.RefreshAt)
        {
            return cached.Token;
        }

        var spec = new JsonObject
        {
            ["expirationSeconds"] = expirationSeconds,
            ["boundObjectRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = PodJson.Str(pod, "metadata", "name"), ["uid"] = uid },
        };
        if (audience is { Length: > 0 })
        {
            spec["audiences"] = new JsonArray(audience);
        }

        var request = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        JsonObject response;
        try
        {
            response = await client.CreateSubresourceAsync(Accounts, ns, account, "token", request, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 405 || (e.IsNotFound && PodJson.Str(e.Status, "details", "kind") is not ("serviceaccounts" or "serviceaccount")))
        {
            throw new TokenRequestException($"failed to fetch token: the API server does not serve the TokenRequest API (serviceaccounts/token): {e.Message}", e);
        }
        catch (ApiException e)
        {
            throw new TokenRequestException($"failed to fetch token: {e.Message}", e);
        }

        if (PodJson.Str(response, "status", "token") is not { Length: > 0 } token)
        {
            throw new TokenRequestException("failed to fetch token: the TokenRequest response has no status.token");
        }

        var expires = DateTimeOffset.TryParse(PodJson.Str(response, "status", "expirationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : now.AddSeconds(expirationSeconds);
        var lifetime = expires - now;
        var refreshAfter = lifetime * 0.8 < MaxAge ? lifetime * 0.8 : MaxAge;
        _tokens[key] = new Cached(token, now + refreshAfter);
        return token;
    }

    /// <summary>Drops the pod's tokens (teardown).</summary>
    public void Forget(string podUid)
    {
        foreach (var key in _tokens.Keys.Where(k => k.StartsWith(podUid + "/", StringComparison.Ordinal)))
        {
            _tokens.TryRemove(key, out _);
        }
    }

    private sealed record Cached(string Token, DateTimeOffset RefreshAt);
}
