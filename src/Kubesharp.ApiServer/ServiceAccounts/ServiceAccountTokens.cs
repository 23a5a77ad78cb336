using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>
/// Signs and checks service account tokens: JWTs (ES256) with upstream's claims — iss, sub, aud,
/// iat/nbf/exp, jti and the private <c>kubernetes.io</c> claim naming the namespace, service
/// account and bound pod/secret/node. Whether those objects still exist is the authenticator's
/// business; this checks only signature, issuer and times.
/// </summary>
internal sealed class ServiceAccountTokens(ServiceAccountSigningKey key)
{
    /// <summary>Upstream's default --service-account-issuer, which is also the API server's audience.</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private const string PrivateClaim = "kubernetes.io";

    public ServiceAccountSigningKey Key => key;

    public string Issue(TokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var header = new JsonObject { ["alg"] = ServiceAccountSigningKey.Algorithm, ["kid"] = key.KeyId };
        var identity = new JsonObject
        {
            ["namespace"] = claims.Namespace,
        };
        AddBound(identity, "node", claims.Node);
        AddBound(identity, "pod", claims.Pod);
        AddBound(identity, "secret", claims.Secret);
        identity["serviceaccount"] = new JsonObject { ["name"] = claims.ServiceAccountName, ["uid"] = claims.ServiceAccountUid };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. claims.Audiences.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["exp"] = claims.Expires.ToUnixTimeSeconds(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            [PrivateClaim] = identity,
            ["nbf"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["sub"] = claims.Subject,
        };
        var signingInput = Part(header) + "." + Part(payload);
        var signature = key.Key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The claims of a token this cluster signed that is valid at <paramref name="now"/>; null otherwise.</summary>
    public TokenClaims? Read(string token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payloadBytes) || !TryDecode(parts[2], out var signature))
        {
            return null;
        }

        if (!key.Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256))
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(headerBytes) as JsonObject;
            var payload = JsonNode.Parse(payloadBytes) as JsonObject;
            if (header is null || payload is null || Str(header["alg"]) != ServiceAccountSigningKey.Algorithm || Str(payload["iss"]) != Issuer)
            {
                return null;
            }

            var expires = DateTimeOffset.FromUnixTimeSeconds(payload["exp"]!.GetValue<long>());
            var notBefore = payload["nbf"] is JsonValue nbf ? DateTimeOffset.FromUnixTimeSeconds(nbf.GetValue<long>()) : DateTimeOffset.MinValue;
            // A little leeway for clocks, as upstream's JWT validation allows.
            if (expires <= now || notBefore > now.AddSeconds(60))
            {
                return null;
            }

            var audiences = payload["aud"] switch
            {
                JsonArray a => a.Select(Str).OfType<string>().ToList(),
                JsonValue v => Str(v) is { } single ? [single] : [],
                _ => [],
            };
            var k8s = payload[PrivateClaim] as JsonObject;
            var account = k8s?["serviceaccount"] as JsonObject;
            if (Str(k8s?["namespace"]) is not { } ns || Str(account?["name"]) is not { } name || Str(account?["uid"]) is not { } uid)
            {
                return null;
            }

            return new TokenClaims(ns, name, uid, audiences, DateTimeOffset.FromUnixTimeSeconds(payload["iat"]?.GetValue<long>() ?? 0), expires)
            {
                Pod = Bound(k8s!["pod"]),
                Secret = Bound(k8s["secret"]),
                Node = Bound(k8s["node"]),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static void AddBound(JsonObject claim, string name, BoundObject? bound)
    {
        if (bound is not null)
        {
            claim[name] = new JsonObject { ["name"] = bound.Name, ["uid"] = bound.Uid };
        }
    }

    private static BoundObject? Bound(JsonNode? node) =>
        node is JsonObject o && Str(o["name"]) is { } name && Str(o["uid"]) is { } uid ? new BoundObject(name, uid) : null;

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Part(JsonObject obj) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(obj.ToJsonString()));

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
