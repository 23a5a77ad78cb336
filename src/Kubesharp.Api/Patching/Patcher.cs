using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Applies a PATCH body to the current object and returns the new object. The caller stores it
/// (with its own resourceVersion check) and never sees a half-applied patch: failures throw
/// <see cref="PatchException"/> before anything changes, and <c>current</c> is never modified.
/// Changes to metadata.name, namespace, uid or resourceVersion are passed through for the
/// caller's validation to judge.
/// </summary>
public static class Patcher
{
    /// <summary>What upstream answers a strategic merge patch for a custom resource with (415).</summary>
    public const string StrategicMergeUnsupportedMessage =
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    /// <param name="current">The stored object (for apply to a missing object: apiVersion, kind and metadata name/namespace only).</param>
    /// <param name="patch">The request body as sent (JSON, or YAML for apply).</param>
    public static JsonObject Apply(JsonObject current, ReadOnlyMemory<byte> patch, PatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        var working = (JsonObject)current.DeepClone();
        var metadata = request.Metadata ?? PatchMetadata.BuiltIn;
        return request.Type switch
        {
            PatchType.Json => RequireObject(JsonPatch.Apply(working, ParseJson(patch) as JsonArray
                ?? throw new PatchException(400, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"))),
            PatchType.Merge => RequireObject(MergePatch.Apply(working, ParseJson(patch) as JsonObject
                ?? throw new PatchException(400, "invalid JSON Patch"))),
            PatchType.StrategicMerge => StrategicMerge(working, patch, request, metadata),
            PatchType.Apply => ServerSideApply.Apply(working, patch, request, metadata),
            _ => throw new PatchException(415, $"patch type {request.Type} is not supported"),
        };
    }

    private static JsonObject StrategicMerge(JsonObject working, ReadOnlyMemory<byte> patch, PatchRequest request, IPatchMetadata metadata)
    {
        if (request.CustomResource)
        {
            throw new PatchException(415, StrategicMergeUnsupportedMessage);
        }

        var body = ParseJson(patch) as JsonObject ?? throw new PatchException(400, "invalid JSON document");
        return new StrategicMergePatch(metadata).MergeObject(working, body, metadata.RootType(request.ApiVersion, request.Kind));
    }

    internal static JsonNode? ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PatchException(400, $"error decoding patch: {e.Message}", e);
        }
    }

    private static JsonObject RequireObject(JsonNode? result) =>
        result as JsonObject ?? throw new PatchException(422, "the patched document is not a JSON object");
}
