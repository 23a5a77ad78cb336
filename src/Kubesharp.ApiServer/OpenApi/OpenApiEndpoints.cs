using Kubesharp.Api.Catalog;
using Kubesharp.Api.Schema;
using Kubesharp.ApiServer.Discovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>/openapi/v2 (JSON or gnostic protobuf) and /openapi/v3 (index + one document per group-version).</summary>
public static class OpenApiEndpoints
{
    // Clients ask with the "@v1.0" spelling, but Go's mime parser rejects '@' in a Content-Type,
    // so the answer uses the dotted form upstream's kube-openapi handler also answers with.
    private const string ProtobufV2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static void Map(IEndpointRouteBuilder routes, IResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(catalog);

        // Built on first request (the schemas take a moment to load) and again after CRD changes.
        Lazy<OpenApiDocuments> Build()
        {
            var resources = catalog.Resources;
            return new(() => new OpenApiDocuments(resources, SchemaDefinitions.BuiltIn.With(Api.CustomResources.CustomResourceOpenApi.Definitions(resources))));
        }

        var documents = Build();
        catalog.Changed += (_, _) => documents = Build();

        routes.MapGet("/openapi/v2", context =>
        {
            var wantsProtobuf = context.Request.Headers.Accept.Any(a => a is not null && a.Contains("protobuf", StringComparison.Ordinal));
            context.Response.Headers.Vary = "Accept";
            return wantsProtobuf
                ? documents.Value.V2Protobuf.WriteAsync(context, ProtobufV2)
                : documents.Value.V2Json.WriteAsync(context, "application/json");
        });
        routes.MapGet("/openapi/v3", context => documents.Value.V3Index.WriteAsync(context, "application/json"));
        routes.MapGet("/openapi/v3/{**path}", context =>
        {
            var path = ((string?)context.Request.RouteValues["path"] ?? "").Trim('/');
            if (documents.Value.V3(path) is not { } document)
            {
                return Errors.ApiStatus.WriteFailureAsync(context, StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource");
            }

            if (context.Request.Query.ContainsKey("hash"))
            {
                // The index links each document by its content hash, so such a URL never changes.
                context.Response.Headers.CacheControl = "public, immutable";
                context.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R");
            }

            return document.WriteAsync(context, "application/json");
        });
    }
}
