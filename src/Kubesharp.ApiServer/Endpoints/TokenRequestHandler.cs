using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.ServiceAccounts;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>POST serviceaccounts/{name}/token with an authentication.k8s.io/v1 TokenRequest: 201 and the request with its token.</summary>
internal sealed class TokenRequestHandler(TokenRequests requests, long maxBodyBytes) : ISubresourceHandler
{
    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadPostedObjectAsync(context, maxBodyBytes);
        var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        if (!string.IsNullOrEmpty(kind) && kind != "TokenRequest")
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (TokenRequest)");
        }

        var apiVersion = body["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        if (apiVersion is not (null or "" or "authentication.k8s.io/v1"))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (authentication.k8s.io/v1)");
        }

        var answer = await requests.CreateAsync(target, body, cancellationToken);
        await Responses.WriteAsync(context, StatusCodes.Status201Created, answer);
    }
}
