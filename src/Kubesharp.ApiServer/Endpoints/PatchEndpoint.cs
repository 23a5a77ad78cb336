using System.Text.Json.Nodes;
using Kubesharp.Api.Patching;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// PATCH: the Content-Type names the patch kind; the patch engine computes the new object from the
/// current one inside the registry's guaranteed update, so a concurrent writer makes it re-apply.
/// Server-side apply to a missing object creates it (201).
/// </summary>
internal static class PatchEndpoint
{
    public static async Task HandleAsync(HttpContext context, ResourceRegistry registry, ObjectRef target, string? subresource, long maxBodyBytes)
    {
        var patchType = PatchTypeOf(context);
        if (patchType == PatchType.StrategicMerge && target.Type.Custom is not null)
        {
            // Custom objects carry no patch strategies, so upstream refuses strategic merge for them.
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        var body = await RequestBody.ReadBytesAsync(context, maxBodyBytes);
        var query = context.Request.Query;
        var write = QueryOptions.Write(context);
        var request = new PatchRequest(patchType, target.Type.ApiVersion, target.Type.Kind, query["fieldManager"].ToString() is { Length: > 0 } m ? m : null, QueryOptions.Flag(query, "force"))
        {
            Subresource = subresource,
        };
        if (patchType == PatchType.Apply && request.FieldManager is null)
        {
            throw ApiErrors.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var created = false;
        var checkedFields = false;
        var result = await registry.GuaranteedUpdateWrittenAsync(
            target,
            null,
            current =>
            {
                if (current is null)
                {
                    if (patchType != PatchType.Apply || subresource is not null)
                    {
                        throw ApiErrors.NotFound(target.Type, target.Name);
                    }

                    created = true;
                    current = Stub(target);
                }

                var patched = Apply(current, body, request, target);
                CheckName(patched, target);
                // Warnings once: a retried transform must not repeat the headers.
                if (checkedFields)
                {
                    Kubesharp.Api.Validation.UnknownFields.Prune(patched, target.Type.ApiVersion, target.Type.Kind);
                }
                else
                {
                    FieldValidation.Check(context, target.Type, patched);
                    checkedFields = true;
                }

                return patched;
            },
            subresource,
            // Apply records its own managedFields entry; other patches are "Update" operations.
            patchType == PatchType.Apply ? write with { FieldManager = null } : write,
            context.RequestAborted);
        await Responses.WriteWrittenAsync(context, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, result);
    }

    /// <summary>The patch kind the Content-Type names; 415 for any other media type.</summary>
    public static PatchType PatchTypeOf(HttpContext context) => RequestBody.MediaType(context.Request.ContentType) switch
    {
        "application/json-patch+json" => PatchType.Json,
        "application/merge-patch+json" => PatchType.Merge,
        "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
        "application/apply-patch+yaml" or "application/apply-patch+cbor" => PatchType.Apply,
        _ => throw new ApiException(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
    };

    /// <summary>Applies the patch to <paramref name="current"/>; patch failures become upstream-shaped API errors.</summary>
    public static JsonObject Apply(JsonObject current, byte[] body, PatchRequest request, ObjectRef target)
    {
        try
        {
            return Patcher.Apply(current, body, request);
        }
        catch (PatchException e)
        {
            var reason = e.StatusCode switch
            {
                409 => "Conflict",
                415 => "UnsupportedMediaType",
                422 => "Invalid",
                _ => "BadRequest",
            };
            var causes = e.Causes.Select(c => new StatusCause(c.Type, c.Message, c.Field)).ToList();
            var details = causes.Count > 0 ? new StatusDetails(target.Name, target.Type.Group.Length == 0 ? null : target.Type.Group, target.Type.Plural, causes) : null;
            throw new ApiException(e.StatusCode, reason, e.Message, details, e);
        }
    }

    /// <summary>upstream's checkName: a patch may not rename the object or move it to another namespace (400).</summary>
    private static void CheckName(JsonObject patched, ObjectRef target)
    {
        var name = Kubesharp.Api.Objects.ObjectMeta.Name(patched) ?? "";
        if (name != target.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({target.Name})");
        }

        if (target.Namespace is { Length: > 0 } ns && Kubesharp.Api.Objects.ObjectMeta.Namespace(patched) is { Length: > 0 } objectNs && objectNs != ns)
        {
            throw ApiErrors.BadRequest($"the namespace of the object ({objectNs}) does not match the namespace on the request ({ns})");
        }
    }

    private static JsonObject Stub(ObjectRef target)
    {
        var metadata = new JsonObject { ["name"] = target.Name };
        if (target.Namespace is not null)
        {
            metadata["namespace"] = target.Namespace;
        }

        return new JsonObject { ["apiVersion"] = target.Type.ApiVersion, ["kind"] = target.Type.Kind, ["metadata"] = metadata };
    }
}
