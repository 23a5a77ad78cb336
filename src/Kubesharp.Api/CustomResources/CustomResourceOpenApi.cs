using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// The OpenAPI v2 definitions published for served custom resource versions, named as upstream
/// names them (reversed group, version, kind: com.example.stable.v1.CronTab) with the kind and
/// list tagged by x-kubernetes-group-version-kind, so kubectl explain and client-side
/// validation find them. Schemas lose what v2 cannot say (nullable), as upstream's v2 export.
/// </summary>
public static class CustomResourceOpenApi
{
    private const string ObjectMetaRef = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string ListMetaRef = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    public static IReadOnlyDictionary<string, JsonObject> Definitions(IEnumerable<ResourceType> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var type in resources)
        {
            if (type.Custom is not { } custom)
            {
                continue;
            }

            var name = DefinitionName(type.Group, type.Version, type.Kind);
            definitions[name] = KindSchema(type, custom.Schema);
            definitions[DefinitionName(type.Group, type.Version, custom.ListKind)] = ListSchema(type, custom.ListKind, name);
        }

        return definitions;
    }

    /// <summary>"stable.example.com", "v1", "CronTab" → "com.example.stable.v1.CronTab".</summary>
    public static string DefinitionName(string group, string version, string kind) =>
        $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";

    private static JsonObject KindSchema(ResourceType type, JsonObject? schema)
    {
        var result = schema is null ? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } : (JsonObject)ForV2(schema);
        if (result["properties"] is not JsonObject properties)
        {
            properties = [];
            result["properties"] = properties;
        }

        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
            ["type"] = "string",
        };
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = ObjectMetaRef }),
        };
        result["x-kubernetes-group-version-kind"] = Gvk(type, type.Kind);
        return result;
    }

    private static JsonObject ListSchema(ResourceType type, string listKind, string itemName) => new()
    {
        ["description"] = $"{listKind} is a list of {type.Kind}",
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject
            {
                ["description"] = $"List of {type.Plural}. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md",
                ["type"] = "array",
                ["items"] = new JsonObject { ["$ref"] = "#/definitions/" + itemName },
            },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = ListMetaRef }) },
        },
        ["x-kubernetes-group-version-kind"] = Gvk(type, listKind),
    };

    private static JsonArray Gvk(ResourceType type, string kind) =>
        new(new JsonObject { ["group"] = type.Group, ["kind"] = kind, ["version"] = type.Version });

    private static JsonNode ForV2(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (name is "nullable" or "default" || value is null)
                    {
                        continue;
                    }

                    copy[name] = name is "properties" or "patternProperties"
                        ? new JsonObject(((JsonObject)value).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : ForV2(p.Value))))
                        : name is "enum" or "required" or "x-kubernetes-list-map-keys" ? value.DeepClone() : ForV2(value);
                }

                if (obj["x-kubernetes-int-or-string"] is JsonValue)
                {
                    // v2 has no union type: upstream drops the type so either form validates.
                    copy.Remove("type");
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(i => i is null ? null : ForV2(i))]);
            default:
                return node.DeepClone();
        }
    }
}
