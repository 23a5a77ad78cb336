using Kubesharp.Api.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>/api, /api/{v}, /apis, /apis/{g}, /apis/{g}/{v}, plain and aggregated.</summary>
public static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, IResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(catalog);
        var documents = new DiscoveryDocuments(catalog);
        routes.MapGet("/api", context => ServeRootAsync(context, documents, "/api"));
        routes.MapGet("/apis", context => ServeRootAsync(context, documents, "/apis"));
        routes.MapGet("/api/{version}", context => ServePathAsync(context, documents));
        routes.MapGet("/apis/{group}", context => ServePathAsync(context, documents));
        routes.MapGet("/apis/{group}/{version}", context => ServePathAsync(context, documents));
    }

    private static Task ServeRootAsync(HttpContext context, DiscoveryDocuments documents, string root)
    {
        context.Response.Headers.Vary = "Accept";
        if (DiscoveryNegotiation.AggregatedVersion(context.Request.Headers.Accept) is { } version)
        {
            return WriteAsync(context, documents.Current.Aggregated(root, version), DiscoveryNegotiation.AggregatedContentType(version));
        }

        if (root == "/api")
        {
            // Holds the address the client used, so it is built per request; it is tiny.
            var body = LegacyDiscoveryWriter.ApiVersions(context.Request.Host.HasValue ? context.Request.Host.Value : "127.0.0.1:6443");
            return WriteAsync(context, new CachedDocument(body), "application/json");
        }

        return WriteAsync(context, documents.Current.Find(root)!, "application/json");
    }

    private static Task ServePathAsync(HttpContext context, DiscoveryDocuments documents)
    {
        var path = context.Request.Path.Value!.TrimEnd('/');
        if (documents.Current.Find(path) is not { } document)
        {
            return Errors.ApiStatus.WriteFailureAsync(context, StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource");
        }

        return WriteAsync(context, document, "application/json");
    }

    private static Task WriteAsync(HttpContext context, CachedDocument document, string contentType)
    {
        context.Response.Headers.ETag = document.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(document.ETag, StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = document.Body.Length;
        return context.Response.Body.WriteAsync(document.Body, context.RequestAborted).AsTask();
    }
}
