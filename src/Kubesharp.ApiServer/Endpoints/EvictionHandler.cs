using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>POST pods/{name}/eviction with a policy/v1 (or v1beta1) Eviction: 201 and a Success Status when the pod is gone.</summary>
internal sealed class EvictionHandler : ISubresourceHandler
{
    private readonly PodEviction _eviction;
    private readonly long _maxBodyBytes;

    public EvictionHandler(PodEviction eviction, long maxBodyBytes)
    {
        _eviction = eviction;
        _maxBodyBytes = maxBodyBytes;
    }

    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadPostedObjectAsync(context, _maxBodyBytes);
        var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        if (!string.IsNullOrEmpty(kind) && kind != "Eviction")
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Eviction)");
        }

        var apiVersion = body["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        if (apiVersion is not (null or "" or "policy/v1" or "policy/v1beta1"))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (policy/v1)");
        }

        var options = QueryOptions.Delete(context.Request.Query, body["deleteOptions"] as JsonObject);
        await _eviction.EvictAsync(target, ObjectMeta.Name(body), options, cancellationToken);
        await Responses.WriteAsync(context, StatusCodes.Status201Created, Responses.CreatedSuccess());
    }
}
