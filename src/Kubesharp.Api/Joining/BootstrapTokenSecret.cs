using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Joining;

/// <summary>The upstream bootstrap-token Secret (kube-system/bootstrap-token-&lt;id&gt;) that makes a join token valid.</summary>
public static class BootstrapTokenSecret
{
    public static JsonObject Build(JoinToken token, DateTimeOffset? expiration, string description)
    {
        ArgumentNullException.ThrowIfNull(token);
        var data = new JsonObject
        {
            ["token-id"] = B64(token.Id),
            ["token-secret"] = B64(token.Secret),
            ["usage-bootstrap-authentication"] = B64("true"),
            ["description"] = B64(description),
        };
        if (expiration is { } at)
        {
            data["expiration"] = B64(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = $"bootstrap-token-{token.Id}", ["namespace"] = "kube-system" },
            ["type"] = "bootstrap.kubernetes.io/token",
            ["data"] = data,
        };
    }

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
