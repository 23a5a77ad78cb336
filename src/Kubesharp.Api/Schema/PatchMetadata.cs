using System.Text.Json.Nodes;

namespace Kubesharp.Api.Schema;

/// <summary>
/// Answers, for a built-in kind and a field path, how upstream patches and applies that field.
/// Path segments are field names; a list is stepped through implicitly, so
/// ["spec", "template", "spec", "containers", "ports"] is the ports list of each container.
/// A map's keys are segments too (["metadata", "labels", "app"]).
/// </summary>
public static class PatchMetadata
{
    /// <summary>The field's metadata, or null when the kind or the path is unknown to the schema.</summary>
    public static PatchField? Lookup(string apiVersion, string kind, IReadOnlyList<string> path) =>
        Lookup(SchemaDefinitions.BuiltIn, apiVersion, kind, path);

    public static PatchField? Lookup(SchemaDefinitions definitions, string apiVersion, string kind, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(path);
        if (definitions.DefinitionOf(apiVersion, kind) is not { } name)
        {
            return null;
        }

        JsonObject? schema = definitions.Definitions[name];
        JsonObject field = schema;
        foreach (var segment in path)
        {
            schema = Element(definitions, schema);
            if (schema is null)
            {
                return null;
            }

            if (schema["properties"] is JsonObject properties)
            {
                if (properties[segment] is not JsonObject property)
                {
                    return null;
                }

                field = property;
                schema = property;
            }
            else if (schema["additionalProperties"] is JsonObject values)
            {
                field = values;
                schema = values;
            }
            else
            {
                return null;
            }
        }

        return Describe(definitions, field);
    }

    // Follows $refs and steps into list items, to the schema whose properties the next segment names.
    private static JsonObject? Element(SchemaDefinitions definitions, JsonObject? schema)
    {
        for (var depth = 0; schema is not null && depth < 8; depth++)
        {
            if (schema["$ref"] is JsonValue reference)
            {
                schema = definitions.Resolve((string)reference!);
            }
            else if ((string?)schema["type"] == "array")
            {
                schema = schema["items"] as JsonObject;
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    private static PatchField Describe(SchemaDefinitions definitions, JsonObject field)
    {
        var target = field["$ref"] is JsonValue reference ? definitions.Resolve((string)reference!) ?? field : field;
        var shape = ((string?)target["type"]) switch
        {
            "array" => FieldShape.Array,
            "object" => target["additionalProperties"] is not null ? FieldShape.Map : FieldShape.Struct,
            null => FieldShape.Unknown,
            _ => FieldShape.Primitive,
        };
        var keys = field["x-kubernetes-list-map-keys"] is JsonArray array
            ? array.Select(k => (string)k!).ToArray()
            : [];
        return new PatchField(
            shape,
            (string?)field["x-kubernetes-patch-strategy"],
            (string?)field["x-kubernetes-patch-merge-key"],
            (string?)field["x-kubernetes-list-type"],
            keys);
    }
}
