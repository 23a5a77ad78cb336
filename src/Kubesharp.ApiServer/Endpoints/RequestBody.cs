using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Reads request bodies: at most the configured size (413 beyond), JSON or YAML by Content-Type
/// (415 otherwise), always a JSON object (400 otherwise).
/// </summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 256 };

    public static async Task<byte[]> ReadBytesAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        try
        {
            if (context.Request.ContentLength is { } length)
            {
                // The usual case (kubectl and client libraries send the length): read into the final array.
                return await ReadExactlyAsync(context, length);
            }

            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }

        return buffer.Length > limit ? throw TooLarge(limit) : buffer.ToArray();
    }

    private static async Task<byte[]> ReadExactlyAsync(HttpContext context, long length)
    {
        var bytes = new byte[length];
        var read = await ReadIntoAsync(context, bytes);
        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>Fills <paramref name="into"/> from the body; fewer bytes when the body ends first.</summary>
    private static async Task<int> ReadIntoAsync(HttpContext context, Memory<byte> into)
    {
        var read = 0;
        while (read < into.Length)
        {
            var n = await context.Request.Body.ReadAsync(into[read..], context.RequestAborted);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    // JSON of a known length (what kubectl and client libraries send) is read into a pooled buffer:
    // the parsed document keeps its own copy, so an array per request was garbage at once.
    private static async Task<JsonObject> ReadJsonPooledAsync(HttpContext context, int length, long limit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int read;
            try
            {
                read = await ReadIntoAsync(context, buffer.AsMemory(0, length));
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(limit);
            }

            return ParseJson(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body of a POST-only endpoint (binding, eviction): 405 for other verbs, 400 when empty.</summary>
    public static async Task<JsonObject> ReadPostedObjectAsync(HttpContext context, long limit)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }

        return await ReadObjectAsync(context, limit) ?? throw ApiErrors.BadRequest("the request body is empty");
    }

    /// <summary>The body as an object; null when the request has no body at all.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context, long limit, bool optional = false)
    {
        var mediaType = MediaType(context.Request.ContentType);
        if (mediaType is "" or "application/json" or "*/*" && context.Request.ContentLength is > 0 and var length && length <= limit)
        {
            return await ReadJsonPooledAsync(context, (int)length, limit);
        }

        var bytes = await ReadBytesAsync(context, limit);
        if (bytes.Length == 0 && optional)
        {
            return null;
        }

        return mediaType switch
        {
            "" or "application/json" or "*/*" => ParseJson(bytes),
            "application/yaml" or "application/x-yaml" or "text/yaml" => ParseYaml(bytes),
            "application/vnd.kubernetes.protobuf" => ProtobufBody.Decode(bytes),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"),
        };
    }

    public static JsonObject ParseJson(ReadOnlySpan<byte> bytes)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: JsonOptions);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }

        return node as JsonObject ?? throw ApiErrors.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");
    }

    public static JsonObject ParseYaml(byte[] bytes)
    {
        JsonNode? node;
        try
        {
            node = YamlJson.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        // Re-parse the converted tree as JSON so duplicate keys and depth get the same checks.
        return node is JsonObject obj ? ParseJson(SerializeNode(obj)) : throw ApiErrors.BadRequest("error converting YAML to JSON: the body is not a mapping");
    }

    /// <summary>The media type without parameters, lower-case ("" when absent).</summary>
    public static string MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    private static byte[] SerializeNode(JsonNode node) => Registry.ObjectCodec.Serialize(node);

    private static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");
}
