using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

using Kubesharp.ApiServer.Serving;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>Writes objects as JSON and the Success Status upstream answers some deletes with.</summary>
internal static class Responses
{
    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, JsonWriting.Options);
        body.WriteTo(json);
        await json.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// A written object: from its stored bytes when the registry kept them (one copy into the
    /// response, no second serialization), otherwise serialized. Table output needs the object.
    /// </summary>
    public static Task WriteWrittenAsync(HttpContext context, int statusCode, Registry.WrittenObject written)
    {
        if (written.Encoded is not { } encoded)
        {
            return WriteAsync(context, statusCode, written.Object);
        }

        var field = encoded.RevisionField(written.Revision);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = encoded.Bytes.Length + field.Length;
        var writer = context.Response.BodyWriter;
        var bytes = encoded.Bytes.Span;
        writer.Write(bytes[..encoded.MetadataEnd]);
        writer.Write(field);
        writer.Write(bytes[encoded.MetadataEnd..]);
        return writer.FlushAsync(context.RequestAborted).AsTask();
    }

    /// <summary>The body of a finished delete for kinds that do not return the object.</summary>
    public static JsonObject DeleteSuccess(string name, string? group, string plural, string? uid)
    {
        var details = new JsonObject { ["name"] = name };
        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }

        details["kind"] = plural;
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    /// <summary>What upstream answers a create-style subresource (binding, eviction) with: a Success Status, code 201.</summary>
    public static JsonObject CreatedSuccess() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["code"] = StatusCodes.Status201Created,
    };

    /// <summary>Whether the client asked for a meta.k8s.io/v1 Table (kubectl get does).</summary>
    public static bool WantsTable(HttpContext context)
    {
        foreach (var accept in context.Request.Headers.Accept)
        {
            if (accept is null)
            {
                continue;
            }

            foreach (var part in accept.Split(','))
            {
                if (part.Contains("as=Table", StringComparison.Ordinal) && part.Contains("g=meta.k8s.io", StringComparison.Ordinal)
                    && (part.Contains("v=v1;", StringComparison.Ordinal) || part.TrimEnd().EndsWith("v=v1", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
