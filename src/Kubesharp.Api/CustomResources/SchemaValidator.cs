using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// Validates a custom object against its structural openAPIV3Schema with upstream's messages
/// (kube-openapi's texts as the apiextensions server turns them into field errors), e.g.
/// <c>spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"</c>.
/// metadata, apiVersion and kind are checked elsewhere and skipped at the root.
/// </summary>
public static class SchemaValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        var properties = schema["properties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            if (name is "metadata" or "apiVersion" or "kind")
            {
                continue;
            }

            if (properties?[name] is JsonObject child)
            {
                Check(value, child, name, errors);
            }
        }

        Required(obj, schema, "", errors);
        return errors;
    }

    private static void Check(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        var type = Str(schema, "type");
        if (node is null)
        {
            if (!Bool(schema, "nullable") && type is not null)
            {
                errors.Add(TypeError(path, type, "null"));
            }

            return;
        }

        var actual = TypeName(node);
        if (Bool(schema, "x-kubernetes-int-or-string"))
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(TypeError(path, "integer,string", actual));
            }

            return;
        }

        if (type is not null && actual != type && !(type == "number" && actual == "integer"))
        {
            errors.Add(TypeError(path, type, actual));
            return;
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, node)))
        {
            errors.Add(FieldError.NotSupported(path, node, values.Select(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : v?.ToJsonString() ?? "null")));
        }

        switch (node)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            case JsonValue value when actual == "string":
                CheckString(value.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue value when actual is "integer" or "number":
                CheckNumber(value, schema, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (Bool(schema, "x-kubernetes-embedded-resource"))
        {
            foreach (var field in new[] { "apiVersion", "kind" })
            {
                if (obj[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length == 0)
                {
                    errors.Add(FieldError.Required(Child(path, field), "must not be empty"));
                }
            }
        }

        if (Long(schema, "maxProperties") is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(new FieldError(FieldErrorType.TooMany, path, (long)obj.Count, $"must have at most {maxProperties} items"));
        }

        if (Long(schema, "minProperties") is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(FieldError.Invalid(path, (long)obj.Count, $"{path} in body should have at least {minProperties} properties"));
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            if (properties?[name] is JsonObject child)
            {
                Check(value, child, Child(path, name), errors);
            }
            else if (additional is not null)
            {
                Check(value, additional, Child(path, name), errors);
            }
        }

        Required(obj, schema, path, errors);
    }

    private static void Required(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["required"] is not JsonArray required)
        {
            return;
        }

        foreach (var name in required.OfType<JsonValue>().Select(v => v.ToString()))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldError.Required(Child(path, name)));
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (Long(schema, "maxItems") is { } maxItems && array.Count > maxItems)
        {
            errors.Add(new FieldError(FieldErrorType.TooMany, path, (long)array.Count, $"must have at most {maxItems} items"));
        }

        if (Long(schema, "minItems") is { } minItems && array.Count < minItems)
        {
            errors.Add(FieldError.Invalid(path, (long)array.Count, $"{path} in body should have at least {minItems} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckString(string value, JsonObject schema, string path, List<FieldError> errors)
    {
        var length = value.EnumerateRunes().Count();
        if (Long(schema, "maxLength") is { } maxLength && length > maxLength)
        {
            errors.Add(FieldError.TooLong(path, (int)maxLength));
        }

        if (Long(schema, "minLength") is { } minLength && length < minLength)
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at least {minLength} chars long"));
        }

        if (Str(schema, "pattern") is { } pattern && !Matches(pattern, value))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should match '{pattern}'"));
        }

        if (Str(schema, "format") is { } format && !SchemaFormats.IsValid(format, value))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type {format}: {GoQuote(value)}"));
        }
    }

    private static void CheckNumber(JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        var number = ToDouble(value);
        object bad = value.TryGetValue<long>(out var whole) ? whole : number;
        if (Number(schema, "maximum") is { } maximum)
        {
            var exclusive = Bool(schema, "exclusiveMaximum");
            if (exclusive ? number >= maximum : number > maximum)
            {
                errors.Add(FieldError.Invalid(path, bad, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{Go(maximum)}"));
            }
        }

        if (Number(schema, "minimum") is { } minimum)
        {
            var exclusive = Bool(schema, "exclusiveMinimum");
            if (exclusive ? number <= minimum : number < minimum)
            {
                errors.Add(FieldError.Invalid(path, bad, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{Go(minimum)}"));
            }
        }

        if (Number(schema, "multipleOf") is { } multipleOf && multipleOf > 0 && Math.Abs(Math.IEEERemainder(number, multipleOf)) > 1e-9)
        {
            errors.Add(FieldError.Invalid(path, bad, $"{path} in body should be a multiple of {Go(multipleOf)}"));
        }
    }

    private static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            // The CRD's validation rejects bad patterns; one that slips through matches nothing.
            return false;
        }
    }

    private static FieldError TypeError(string path, string expected, string actual) =>
        FieldError.Invalid(path, actual, $"{path} in body must be of type {expected}: {GoQuote(actual)}");

    /// <summary>The JSON type name go-openapi reports for a value.</summary>
    internal static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.TryGetValue<long>(out _) || (ToDouble(v) is var d && Math.Floor(d) == d && Math.Abs(d) < 9.2e18) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string GoQuote(string text) => GoText.Quote(text);

    private static string Go(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string? Str(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static bool Bool(JsonObject schema, string name) => schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static long? Long(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    private static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? ToDouble(v) : null;

    /// <summary>Any JSON number as a double, whether parsed or built from a .NET integer.</summary>
    internal static double ToDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<long>(out var l) ? l
        : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
}
