using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// The parts of upstream's structural-schema rules that matter for serving: the root is an
/// object, every specified field has a type (unless it preserves unknown fields or is
/// int-or-string), and defaults are valid against their own schema.
/// </summary>
internal static class StructuralSchemaCheck
{
    public static void Validate(JsonObject schema, string path, List<FieldError> errors)
    {
        var type = SchemaValidator.Str(schema, "type");
        if (string.IsNullOrEmpty(type))
        {
            errors.Add(FieldError.Required(path + ".type", "must not be empty at the root"));
        }
        else if (type != "object")
        {
            errors.Add(FieldError.Invalid(path + ".type", type, "must be object at the root"));
        }

        Walk(schema, path, errors);
    }

    private static void Walk(JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                if (value is JsonObject child)
                {
                    Field(child, $"{path}.properties[{name}]", errors);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Field(items, path + ".items", errors);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Field(additional, path + ".additionalProperties", errors);
        }
    }

    private static void Field(JsonObject schema, string path, List<FieldError> errors)
    {
        var typed = SchemaValidator.Str(schema, "type") is { Length: > 0 };
        if (!typed && !SchemaValidator.Bool(schema, "x-kubernetes-preserve-unknown-fields") && !SchemaValidator.Bool(schema, "x-kubernetes-int-or-string"))
        {
            errors.Add(FieldError.Required(path + ".type", "must not be empty for specified object fields"));
        }

        if (schema["default"] is { } defaultValue)
        {
            var wrapped = new JsonObject { ["x"] = defaultValue.DeepClone() };
            var holder = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["x"] = schema.DeepClone() } };
            foreach (var error in SchemaValidator.Validate(wrapped, holder))
            {
                errors.Add(error with { Field = path + ".default" + error.Field[1..] });
            }
        }

        Walk(schema, path, errors);
    }
}
