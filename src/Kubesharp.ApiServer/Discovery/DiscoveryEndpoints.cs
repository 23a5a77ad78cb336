using Kubesharp.Api.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Discovery;

/// <summary>/api, /api/{v}, /apis, /apis/{g}, /apis/{g}/{v}, plain and aggregated.</summary>
public static class DiscoveryEndpoints
{
    /// <param name="routes">Where to map.</param>
    /// <param name="catalog">The stored resources.</param>
    /// <param name="unstored">Resources served by their own endpoints rather than the registry (metrics.k8s.io).</param>
    public static void Map(IEndpointRouteBuilder routes, IResourceCatalog catalog, IReadOnlyList<ResourceType>? unstored = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(catalog);
        var documents = new DiscoveryDocuments(catalog, unstored);
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
            return documents.Current.Aggregated(root, version).WriteAsync(context, DiscoveryNegotiation.AggregatedContentType(version));
        }

        if (root == "/api")
        {
            // Holds the address the client used, so it is built per request; it is tiny.
            var body = LegacyDiscoveryWriter.ApiVersions(context.Request.Host.HasValue ? context.Request.Host.Value : "127.0.0.1:6443");
            return new CachedDocument(body).WriteAsync(context, "application/json");
        }

        return documents.Current.Find(root)!.WriteAsync(context, "application/json");
    }

    private static Task ServePathAsync(HttpContext context, DiscoveryDocuments documents)
    {
        var path = context.Request.Path.Value!.TrimEnd('/');
        if (documents.Current.Find(path) is not { } document)
        {
            return Errors.ApiStatus.WriteFailureAsync(context, StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource");
        }

        return document.WriteAsync(context, "application/json");
    }
}
