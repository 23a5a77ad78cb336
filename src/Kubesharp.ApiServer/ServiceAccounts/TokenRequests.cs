using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>
/// serviceaccounts/token (authentication.k8s.io/v1 TokenRequest): validates the request as
/// upstream (expirationSeconds default 3600, at least 600; boundObjectRef a Pod, Secret or Node of
/// the same namespace that exists, with the UID given), signs a token and answers the TokenRequest
/// with status.token and status.expirationTimestamp.
/// </summary>
internal sealed class TokenRequests(ResourceRegistry registry, ServiceAccountTokens tokens, TimeProvider time)
{
    public const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    // Only for the shape of 422 errors: TokenRequest "name" is invalid: ...
    private static readonly ResourceType TokenRequestType = new("authentication.k8s.io", "v1", "tokenrequests", "TokenRequest", true, [], []);

    public async Task<JsonObject> CreateAsync(ObjectRef account, JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        var spec = request["spec"] as JsonObject ?? [];
        var expiration = spec["expirationSeconds"] is JsonValue e && e.TryGetValue<long>(out var seconds) ? seconds : DefaultExpirationSeconds;
        if (expiration < MinExpirationSeconds)
        {
            throw ApiErrors.Invalid(TokenRequestType, account.Name, [Cause($"Invalid value: {expiration}: may not specify a duration less than 10 minutes")]);
        }

        if (expiration > MaxExpirationSeconds)
        {
            throw ApiErrors.Invalid(TokenRequestType, account.Name, [Cause($"Invalid value: {expiration}: may not specify a duration larger than 2^32 seconds")]);
        }

        var sa = await registry.GetAsync(account, cancellationToken);
        var audiences = spec["audiences"] is JsonArray { Count: > 0 } given
            ? given.Select(a => a?.GetValue<string>() ?? "").ToList()
            : [ServiceAccountTokens.Issuer];
        var now = time.GetUtcNow();
        var claims = new TokenClaims(account.Namespace!, account.Name, ObjectMeta.Uid(sa) ?? "", audiences, now, now.AddSeconds(expiration));
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            claims = await BindAsync(claims, account, bound, cancellationToken);
        }

        var token = tokens.Issue(claims);
        var answer = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = account.Name, ["namespace"] = account.Namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["expirationSeconds"] = expiration,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = claims.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        };
        if (answer["spec"]!["boundObjectRef"] is null)
        {
            answer["spec"]!.AsObject().Remove("boundObjectRef");
        }

        return answer;
    }

    private async Task<TokenClaims> BindAsync(TokenClaims claims, ObjectRef account, JsonObject bound, CancellationToken cancellationToken)
    {
        var kind = bound["kind"]?.GetValue<string>() ?? "";
        var apiVersion = bound["apiVersion"]?.GetValue<string>() ?? "v1";
        var name = bound["name"]?.GetValue<string>() ?? "";
        var wantUid = bound["uid"]?.GetValue<string>();
        var plural = (apiVersion, kind) switch
        {
            ("v1", "Pod") => "pods",
            ("v1", "Secret") => "secrets",
            ("v1", "Node") => "nodes",
            _ => throw ApiErrors.BadRequest($"cannot bind token to object of type {apiVersion}, Kind={kind}"),
        };
        var type = BuiltInResources.Get("", plural);
        var target = new ObjectRef(type, type.Namespaced ? account.Namespace : null, name);
        var obj = await registry.GetAsync(target, cancellationToken);
        var uid = ObjectMeta.Uid(obj) ?? "";
        if (!string.IsNullOrEmpty(wantUid) && wantUid != uid)
        {
            throw ApiErrors.Conflict(type, name, $"the UID in the bound object reference ({wantUid}) does not match the UID in record. The object might have been deleted and then recreated");
        }

        var reference = new BoundObject(name, uid);
        switch (kind)
        {
            case "Pod":
                var podAccount = obj["spec"]?["serviceAccountName"]?.GetValue<string>() ?? "default";
                if (podAccount != account.Name)
                {
                    throw ApiErrors.BadRequest($"cannot bind token for serviceaccount \"{account.Name}\" to pod running with different serviceaccount name.");
                }

                return claims with { Pod = reference, Node = await NodeOfAsync(obj, cancellationToken) };
            case "Secret":
                return claims with { Secret = reference };
            default:
                return claims with { Node = reference };
        }
    }

    /// <summary>The node a pod runs on, named in its tokens as upstream does (ServiceAccountTokenPodNodeInfo).</summary>
    private async Task<BoundObject?> NodeOfAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        if (pod["spec"]?["nodeName"]?.GetValue<string>() is not { Length: > 0 } nodeName)
        {
            return null;
        }

        try
        {
            var node = await registry.GetAsync(new ObjectRef(BuiltInResources.Get("", "nodes"), null, nodeName), cancellationToken);
            return new BoundObject(nodeName, ObjectMeta.Uid(node) ?? "");
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    private static StatusCause Cause(string message) => new("FieldValueInvalid", message, "spec.expirationSeconds");
}
