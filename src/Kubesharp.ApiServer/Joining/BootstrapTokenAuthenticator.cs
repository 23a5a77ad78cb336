using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Joining;
using Kubesharp.ApiServer.Authentication;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Joining;

/// <summary>
/// Upstream bootstrap-token authentication: <c>id.secret</c> is valid while the Secret
/// <c>kube-system/bootstrap-token-&lt;id&gt;</c> of type bootstrap.kubernetes.io/token holds the same
/// secret, allows authentication and has not expired. The user is <c>system:bootstrap:&lt;id&gt;</c> in
/// group <c>system:bootstrappers</c>, which may only ask for a node certificate.
/// </summary>
internal sealed class BootstrapTokenAuthenticator(IStore store, TimeProvider time)
{
    public const string BootstrappersGroup = "system:bootstrappers";

    public async Task<UserInfo?> AuthenticateAsync(string bearer, CancellationToken cancellationToken)
    {
        if (!JoinToken.IsBearer(bearer))
        {
            return null;
        }

        var id = bearer[..6];
        var stored = await store.GetAsync($"/registry/secrets/kube-system/bootstrap-token-{id}", cancellationToken);
        if (stored is null || JsonNode.Parse(stored.Value.Span) is not JsonObject secret
            || secret["type"]?.GetValue<string>() != "bootstrap.kubernetes.io/token"
            || secret["data"] is not JsonObject data)
        {
            return null;
        }

        var expected = Encoding.UTF8.GetBytes(Field(data, "token-secret") ?? string.Empty);
        var given = Encoding.UTF8.GetBytes(bearer[7..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given)
            || Field(data, "token-id") != id
            || Field(data, "usage-bootstrap-authentication") != "true"
            || Expired(Field(data, "expiration")))
        {
            return null;
        }

        return new UserInfo($"system:bootstrap:{id}", [BootstrappersGroup, "system:authenticated"]);
    }

    private bool Expired(string? expiration) =>
        expiration is not null
        && (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at <= time.GetUtcNow());

    private static string? Field(JsonObject data, string name)
    {
        if (data[name]?.GetValue<string>() is not { } base64)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
