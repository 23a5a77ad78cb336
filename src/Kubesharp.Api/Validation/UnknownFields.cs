using System.Text.Json.Nodes;
using Kubesharp.Api.Schema;

namespace Kubesharp.Api.Validation;

/// <summary>
/// The fields of a built-in object its OpenAPI schema does not know, as upstream's strict decoder
/// names them (<c>spec.template.spec.containers[0].foo</c>): what fieldValidation=Strict refuses
/// and Warn reports. Free-form parts (no properties, x-kubernetes-preserve-unknown-fields) and
/// kinds without a schema (custom resources) report nothing. <see cref="Prune"/> also drops them,
/// as decoding into upstream's Go types does.
/// </summary>
public static class UnknownFields
{
    private const int MaxDepth = 64;

    public static IReadOnlyList<string> Find(JsonObject obj, string apiVersion, string kind) => Walk(obj, apiVersion, kind, remove: false);

    /// <summary>Removes the unknown fields from <paramref name="obj"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, string apiVersion, string kind) => Walk(obj, apiVersion, kind, remove: true);

    private static List<string> Walk(JsonObject obj, string apiVersion, string kind, bool remove)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var definitions = SchemaDefinitions.BuiltIn;
        if (definitions.DefinitionOf(apiVersion, kind) is not { } name || definitions.Definitions.GetValueOrDefault(name) is not { } schema)
        {
            return [];
        }

        var found = new List<string>();
        Walk(obj, schema, "", found, remove, 0);
        return found;
    }

    private static void Walk(JsonNode? node, JsonObject schema, string path, List<string> found, bool remove, int depth)
    {
        schema = Resolve(schema);
        if (depth > MaxDepth || schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.TryGetValue<bool>(out var p) && p)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                List<string>? unknown = null;
                foreach (var (key, value) in obj)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties[key] is JsonObject fieldSchema)
                    {
                        Walk(value, fieldSchema, child, found, remove, depth + 1);
                    }
                    else
                    {
                        found.Add(child);
                        (unknown ??= []).Add(key);
                    }
                }

                foreach (var key in remove ? unknown ?? [] : [])
                {
                    obj.Remove(key);
                }

                break;
            case JsonObject obj when schema["additionalProperties"] is JsonObject values:
                foreach (var (key, value) in obj)
                {
                    Walk(value, values, $"{path}[{key}]", found, remove, depth + 1);
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], items, $"{path}[{i}]", found, remove, depth + 1);
                }

                break;
        }
    }

    private static JsonObject Resolve(JsonObject schema)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            var reference = schema["$ref"] is JsonValue r ? r.GetValue<string>()
                : schema["allOf"] is JsonArray { Count: 1 } all && all[0]?["$ref"] is JsonValue ar ? ar.GetValue<string>()
                : null;
            if (reference is null || SchemaDefinitions.BuiltIn.Resolve(reference) is not { } target)
            {
                return schema;
            }

            schema = target;
        }

        return schema;
    }
}
