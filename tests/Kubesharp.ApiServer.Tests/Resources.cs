using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Tests;

/// <summary>Built-in resource types and small objects the tests use.</summary>
internal static class Resources
{
    public static ResourceCatalog Catalog { get; } = new(BuiltInResources.All);

    public static ResourceType ConfigMaps => Catalog.Find("", "v1", "configmaps")!;

    public static ResourceType Namespaces => Catalog.Find("", "v1", "namespaces")!;

    public static ResourceType Deployments => Catalog.Find("apps", "v1", "deployments")!;

    public static JsonObject ConfigMap(string? name, string data = "v", JsonObject? labels = null)
    {
        var metadata = new JsonObject();
        if (name is not null)
        {
            metadata["name"] = name;
        }

        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["k"] = data },
        };
    }

    public static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
}
