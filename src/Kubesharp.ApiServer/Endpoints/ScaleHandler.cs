using System.Text.Json.Nodes;
using Kubesharp.Api.Patching;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>GET, PUT and PATCH of /scale: the body is an autoscaling/v1 Scale, whatever the parent's group.</summary>
internal sealed class ScaleHandler : ISubresourceHandler
{
    private readonly Scales _scales;
    private readonly long _maxBodyBytes;

    public ScaleHandler(Scales scales, long maxBodyBytes)
    {
        _scales = scales;
        _maxBodyBytes = maxBodyBytes;
    }

    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            await Responses.WriteAsync(context, StatusCodes.Status200OK, await _scales.GetAsync(target, cancellationToken));
            return;
        }

        if (HttpMethods.IsPut(method))
        {
            var body = await RequestBody.ReadObjectAsync(context, _maxBodyBytes)
                ?? throw ApiErrors.BadRequest("the request body is empty");
            CheckApiVersion(body);
            var updated = await _scales.UpdateAsync(target, _ => (JsonObject)body.DeepClone(), QueryOptions.Write(context), cancellationToken);
            await Responses.WriteAsync(context, StatusCodes.Status200OK, updated);
            return;
        }

        if (HttpMethods.IsPatch(method))
        {
            var patchType = PatchEndpoint.PatchTypeOf(context);
            var patch = await RequestBody.ReadBytesAsync(context, _maxBodyBytes);
            var write = QueryOptions.Write(context);
            var request = new PatchRequest(patchType, Scales.ApiVersion, Scales.Kind, write.FieldManager, QueryOptions.Flag(context.Request.Query, "force"));
            var updated = await _scales.UpdateAsync(target, scale => PatchEndpoint.Apply(scale, patch, request, target), write, cancellationToken);
            await Responses.WriteAsync(context, StatusCodes.Status200OK, updated);
            return;
        }

        throw ApiErrors.MethodNotAllowed();
    }

    private static void CheckApiVersion(JsonObject body)
    {
        if (body["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var apiVersion)
            && apiVersion.Length > 0 && !apiVersion.StartsWith("autoscaling/", StringComparison.Ordinal))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({Scales.ApiVersion})");
        }
    }
}
