using System.Text.Json.Nodes;

namespace Kubesharp.Client.Rest;

/// <summary>Reads identity fields from object metadata; the informer key is "namespace/name" (or "name").</summary>
public static class ObjectKeys
{
    public static string? Namespace(JsonObject obj) => Metadata(obj, "namespace");

    public static string? Name(JsonObject obj) => Metadata(obj, "name");

    public static string? Uid(JsonObject obj) => Metadata(obj, "uid");

    public static string? ResourceVersion(JsonObject obj) => Metadata(obj, "resourceVersion");

    /// <summary>client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" when cluster-scoped.</summary>
    public static string Key(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = Name(obj) ?? throw new ArgumentException("object has no metadata.name", nameof(obj));
        return Key(Namespace(obj), name);
    }

    public static string Key(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    /// <summary>Splits a key back into namespace (null when cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }

    private static string? Metadata(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
