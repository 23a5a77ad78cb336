using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>
/// Service account issuer discovery (upstream's ServiceAccountIssuerDiscovery): the OpenID provider
/// configuration and the JWKS with the token signing key, so other parties can verify our tokens.
/// </summary>
internal static class IssuerDiscoveryEndpoints
{
    public const string JwksPath = "/openid/v1/jwks";

    public static void Map(IEndpointRouteBuilder routes, ServiceAccountSigningKey key)
    {
        var configuration = new JsonObject
        {
            ["issuer"] = ServiceAccountTokens.Issuer,
            ["jwks_uri"] = ServiceAccountTokens.Issuer + JwksPath,
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray(ServiceAccountSigningKey.Algorithm),
        };
        var jwks = new JsonObject { ["keys"] = new JsonArray(key.PublicJwk()) };
        routes.MapGet("/.well-known/openid-configuration", context => Responses.WriteAsync(context, StatusCodes.Status200OK, configuration));
        routes.MapGet(JwksPath, context => Responses.WriteAsync(context, StatusCodes.Status200OK, jwks));
    }
}
