using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// Turns a v2 definition into its v3 component form as upstream publishes it: references point
/// at #/components/schemas/, and a reference with siblings (a field's description) is wrapped in
/// allOf, since a v3 $ref ignores its siblings.
/// </summary>
internal static class OpenApiV3Converter
{
    public static JsonObject Convert(JsonObject definition) => Rewrite(definition, isField: false);

    private static JsonObject Rewrite(JsonObject node, bool isField)
    {
        var copy = new JsonObject();
        string? reference = null;
        foreach (var (name, value) in node)
        {
            switch (name)
            {
                case "$ref":
                    reference = ((string)value!).Replace("#/definitions/", "#/components/schemas/", StringComparison.Ordinal);
                    break;
                case "properties" when value is JsonObject properties:
                    var rewritten = new JsonObject();
                    foreach (var (field, schema) in properties)
                    {
                        rewritten[field] = Rewrite(schema!.AsObject(), isField: true);
                    }

                    copy[name] = rewritten;
                    break;
                case "items" or "additionalProperties" when value is JsonObject inner:
                    copy[name] = Rewrite(inner, isField: false);
                    break;
                default:
                    copy[name] = value?.DeepClone();
                    break;
            }
        }

        if (reference is null)
        {
            return copy;
        }

        if (copy.Count == 0 && !isField)
        {
            return new JsonObject { ["$ref"] = reference };
        }

        var wrapped = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = reference }) };
        foreach (var (name, value) in copy.ToList())
        {
            copy.Remove(name);
            wrapped[name] = value;
        }

        return wrapped;
    }
}
