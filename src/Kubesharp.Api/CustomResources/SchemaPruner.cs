using System.Text.Json.Nodes;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// Drops the fields a structural schema does not specify, as upstream's pruning does on every
/// write: unknown fields vanish unless x-kubernetes-preserve-unknown-fields keeps them;
/// apiVersion, kind and metadata stay at the root and in embedded resources.
/// </summary>
public static class SchemaPruner
{
    /// <summary>Prunes <paramref name="obj"/> in place; returns the paths removed (".spec.foo"), for warnings and tests.</summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var removed = new List<string>();
        PruneObject(obj, schema, "", removed, keepTypeMeta: true);
        return removed;
    }

    /// <summary>
    /// The fields pruning would drop, named as upstream's strict decoding names them
    /// ("spec.ports[0].name"), without touching <paramref name="obj"/>: what fieldValidation reports.
    /// </summary>
    public static IReadOnlyList<string> UnknownFields(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [.. Prune((JsonObject)obj.DeepClone(), schema).Select(p => p.TrimStart('.'))];
    }

    private static void Walk(JsonNode? node, JsonObject schema, string path, List<string> removed)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, removed, SchemaValidator.Bool(schema, "x-kubernetes-embedded-resource"));
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], items, $"{path}[{i}]", removed);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> removed, bool keepTypeMeta)
    {
        var preserve = SchemaValidator.Bool(schema, "x-kubernetes-preserve-unknown-fields");
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] switch
        {
            JsonObject s => s,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.True => new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true },
            _ => null,
        };
        foreach (var (name, value) in obj.ToList())
        {
            if (keepTypeMeta && name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (properties?[name] is JsonObject child)
            {
                Walk(value, child, $"{path}.{name}", removed);
            }
            else if (additional is not null)
            {
                Walk(value, additional, $"{path}.{name}", removed);
            }
            else if (!preserve)
            {
                obj.Remove(name);
                removed.Add($"{path}.{name}");
            }
        }
    }
}
