using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// TODO(discovery branch): remove once the discovery branch is merged. Bare legacy discovery
/// (/api, /apis, resource lists) so kubectl can map kinds to resources meanwhile. Mapped with a
/// high route order, so the real discovery endpoints win as soon as they exist; no aggregated
/// discovery, no OpenAPI.
/// </summary>
internal static class InterimDiscovery
{
    private const int FallbackOrder = 10_000;

    public static void Map(IEndpointRouteBuilder routes, IResourceCatalog catalog)
    {
        routes.MapGet("/api", context => Responses.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
            {
                ["clientCIDR"] = "0.0.0.0/0",
                ["serverAddress"] = $"{context.Request.Host}",
            }),
        })).WithOrder(FallbackOrder);
        routes.MapGet("/apis", context => Responses.WriteAsync(context, 200, Groups(catalog))).WithOrder(FallbackOrder);
        routes.MapGet("/api/v1", context => Responses.WriteAsync(context, 200, ResourceList(catalog, "", "v1"))).WithOrder(FallbackOrder);
        routes.MapGet("/apis/{group}/{version}", context =>
        {
            var group = (string)context.Request.RouteValues["group"]!;
            var version = (string)context.Request.RouteValues["version"]!;
            return catalog.Resources.Any(r => r.Group == group && r.Version == version)
                ? Responses.WriteAsync(context, 200, ResourceList(catalog, group, version))
                : Errors.ApiStatus.WriteFailureAsync(context, 404, "NotFound", "the server could not find the requested resource");
        }).WithOrder(FallbackOrder);
    }

    private static JsonObject Groups(IResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var group in catalog.Resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group))
        {
            var versions = new JsonArray();
            foreach (var version in group.Select(r => r.Version).Distinct())
            {
                versions.Add((JsonNode)new JsonObject { ["groupVersion"] = $"{group.Key}/{version}", ["version"] = version });
            }

            groups.Add((JsonNode)new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = versions,
                ["preferredVersion"] = versions[0]!.DeepClone(),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private static JsonObject ResourceList(IResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var r in catalog.Resources.Where(r => r.Group == group && r.Version == version))
        {
            resources.Add((JsonNode)Resource(r, r.Plural, r.Verbs, r.ShortNames, r.Categories));
            foreach (var sub in r.Subresources)
            {
                resources.Add((JsonNode)Resource(r, $"{r.Plural}/{sub}", ["get", "patch", "update"], [], []));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Resource(ResourceType r, string name, IReadOnlyList<string> verbs, IReadOnlyList<string> shortNames, IReadOnlyList<string> categories)
    {
        var obj = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = name.Contains('/', StringComparison.Ordinal) ? "" : r.Singular,
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = Array(verbs),
        };
        if (shortNames.Count > 0)
        {
            obj["shortNames"] = Array(shortNames);
        }

        if (categories.Count > 0)
        {
            obj["categories"] = Array(categories);
        }

        return obj;
    }

    private static JsonArray Array(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add((JsonNode)JsonValue.Create(v));
        }

        return array;
    }
}
