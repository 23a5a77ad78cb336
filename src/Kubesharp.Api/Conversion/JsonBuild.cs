using System.Text.Json.Nodes;

namespace Kubesharp.Api.Conversion;

/// <summary>Small builders for converted objects: fields in the given order, absent ones left out, values copied.</summary>
internal static class JsonBuild
{
    // Annotation values are JSON text a person reads: no \u0027 for an apostrophe (Go's encoder leaves it too).
    private static readonly System.Text.Json.JsonSerializerOptions AnnotationJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The compact JSON text an annotation carries.</summary>
    public static string AnnotationText(JsonNode node) => node.ToJsonString(AnnotationJson);

    /// <summary>An object of the non-null fields, each value deep-copied so the source stays untouched.</summary>
    public static JsonObject Object(params (string Name, JsonNode? Value)[] fields)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                obj[name] = value.Parent is null ? value : value.DeepClone();
            }
        }

        return obj;
    }

    /// <summary>The object, or null when it has no fields (Go's omitempty of a pointer left nil).</summary>
    public static JsonObject? NonEmpty(JsonObject obj) => obj.Count == 0 ? null : obj;

    /// <summary>A Quantity field that Go serializes even when unset ("0"), as non-pointer resource.Quantity fields are.</summary>
    public static JsonNode Quantity(JsonNode? value) => value?.DeepClone() ?? JsonValue.Create("0");

    /// <summary>A copy of the object's metadata (an empty object when it has none).</summary>
    public static JsonObject Metadata(JsonObject obj) => obj["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : [];

    /// <summary>Removes the annotation and returns its value; drops an annotations map left empty.</summary>
    public static string? TakeAnnotation(JsonObject metadata, string key)
    {
        if (metadata["annotations"] is not JsonObject annotations || annotations[key] is not JsonValue v)
        {
            return null;
        }

        annotations.Remove(key);
        if (annotations.Count == 0)
        {
            metadata.Remove("annotations");
        }

        return v.TryGetValue<string>(out var s) ? s : null;
    }

    public static void SetAnnotation(JsonObject metadata, string key, string value)
    {
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[key] = value;
    }

    /// <summary>A JSON array stored in an annotation; null when absent or not an array (a bad annotation is ignored).</summary>
    public static JsonArray? ParseArray(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
