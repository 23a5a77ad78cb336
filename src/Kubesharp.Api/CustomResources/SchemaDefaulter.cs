using System.Text.Json.Nodes;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// Applies the schema's <c>default</c> values (upstream's structural defaulting): a missing field,
/// or a null one that may not be null, gets a copy of its default; then its children are defaulted.
/// Runs on create, update and read, so objects stored before a default was added read with it.
/// </summary>
public static class SchemaDefaulter
{
    public static void Apply(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        Walk(obj, schema);
    }

    private static void Walk(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, childSchema) in properties)
                    {
                        if (childSchema is not JsonObject child)
                        {
                            continue;
                        }

                        var missing = !obj.TryGetPropertyValue(name, out var value) || (value is null && !SchemaValidator.Bool(child, "nullable"));
                        if (missing && child["default"] is { } defaultValue)
                        {
                            obj[name] = defaultValue.DeepClone();
                        }

                        Walk(obj[name], child);
                    }
                }

                if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (schema["properties"] is not JsonObject known || !known.ContainsKey(name))
                        {
                            Walk(value, additional);
                        }
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array)
                {
                    Walk(item, items);
                }

                break;
        }
    }
}
