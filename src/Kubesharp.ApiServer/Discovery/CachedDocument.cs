using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>A precomputed body with its strong ETag (a hash of the bytes, like upstream's).</summary>
internal sealed class CachedDocument
{
    public CachedDocument(byte[] body)
    {
        Body = body;
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
    }

    public byte[] Body { get; }

    public string ETag { get; }

    /// <summary>Writes the body, or 304 Not Modified when the client already holds this ETag.</summary>
    public Task WriteAsync(HttpContext context, string contentType)
    {
        context.Response.Headers.ETag = ETag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(ETag, StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = Body.Length;
        return context.Response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
    }
}
