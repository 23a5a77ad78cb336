using System.Text.Json.Nodes;

namespace Kubesharp.Api.Objects;

/// <summary>
/// Reads and writes <c>metadata</c> fields of an object held as a <see cref="JsonObject"/>, so the
/// server never round-trips through typed models and unknown fields survive untouched.
/// </summary>
public static class ObjectMeta
{
    /// <summary>The object's <c>metadata</c>, created empty when missing or not an object.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Name(JsonObject obj) => GetString(obj, "name");

    public static string? Namespace(JsonObject obj) => GetString(obj, "namespace");

    public static string? GenerateName(JsonObject obj) => GetString(obj, "generateName");

    public static string? ResourceVersion(JsonObject obj) => GetString(obj, "resourceVersion");

    public static string? Uid(JsonObject obj) => GetString(obj, "uid");

    public static string? DeletionTimestamp(JsonObject obj) => GetString(obj, "deletionTimestamp");

    public static long Generation(JsonObject obj) => obj["metadata"] is JsonObject m && m["generation"] is JsonValue v
        ? v.TryGetValue<long>(out var g) ? g : v.TryGetValue<int>(out var i) ? i : 0
        : 0;

    /// <summary>A metadata string field; null when missing, empty, or not a string.</summary>
    public static string? GetString(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
    }

    /// <summary>Sets a metadata string field; null removes it.</summary>
    public static void SetString(JsonObject obj, string field, string? value)
    {
        var metadata = Metadata(obj);
        if (value is null)
        {
            metadata.Remove(field);
        }
        else
        {
            metadata[field] = value;
        }
    }

    /// <summary>metadata.labels as a dictionary (empty when missing); non-string values are skipped.</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(obj, "labels");

    public static IReadOnlyDictionary<string, string> Annotations(JsonObject obj) => StringMap(obj, "annotations");

    /// <summary>metadata.finalizers in order (empty when missing).</summary>
    public static IReadOnlyList<string> Finalizers(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is not JsonObject m || m["finalizers"] is not JsonArray array)
        {
            return [];
        }

        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var s))
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>Replaces metadata.finalizers; an empty list removes the field, as upstream omits it.</summary>
    public static void SetFinalizers(JsonObject obj, IEnumerable<string> finalizers)
    {
        var array = new JsonArray();
        foreach (var f in finalizers)
        {
            array.Add((JsonNode)JsonValue.Create(f));
        }

        var metadata = Metadata(obj);
        if (array.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = array;
        }
    }

    /// <summary>The field at a dotted path such as <c>spec.nodeName</c>, as a string when it is a scalar.</summary>
    public static string? FieldString(JsonObject obj, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(dottedPath);
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    private static Dictionary<string, string> StringMap(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject m && m[field] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    result[key] = s;
                }
            }
        }

        return result;
    }
}
