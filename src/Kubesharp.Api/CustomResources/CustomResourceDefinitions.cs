using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// Reads an apiextensions.k8s.io/v1 CustomResourceDefinition into the resource types its served
/// versions add to the catalogue (one per version, all stored under one prefix).
/// </summary>
public static class CustomResourceDefinitions
{
    public const string Group = "apiextensions.k8s.io";

    /// <summary>The finalizer that keeps a deleted definition until its custom objects are gone.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>rest.NewDefaultTableConvertor's Age column, used when a version declares no columns.</summary>
    public static PrinterColumn AgeColumn { get; } = new("Age", "date", null, Tables.Columns.CreationTimestampDescription, 0, ".metadata.creationTimestamp");

    /// <summary>The store prefix of a custom resource, as upstream lays it out: /registry/{group}/{plural}/.</summary>
    public static string StorePrefix(string group, string plural) => $"/registry/{group}/{plural}/";

    /// <summary>
    /// The served versions of <paramref name="crd"/> as resource types, named by status.acceptedNames
    /// (falling back to spec.names). Empty when the definition is too broken to serve.
    /// </summary>
    public static IReadOnlyList<ResourceType> ResourceTypes(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd["spec"] as JsonObject;
        var group = Str(spec, "group");
        var names = (crd["status"] as JsonObject)?["acceptedNames"] is JsonObject accepted && Str(accepted, "plural") is { Length: > 0 }
            ? accepted
            : spec?["names"] as JsonObject;
        var plural = Str(names, "plural");
        var kind = Str(names, "kind");
        if (spec is null || group is null || plural is null || kind is null || spec["versions"] is not JsonArray versions)
        {
            return [];
        }

        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => Bool(v, "storage")) is { } s ? Str(s, "name") ?? "" : "";
        var definitionName = Api.Objects.ObjectMeta.Name(crd) ?? $"{plural}.{group}";
        var types = new List<ResourceType>();
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (!Bool(version, "served") || Str(version, "name") is not { } name)
            {
                continue;
            }

            var subresources = version["subresources"] as JsonObject;
            var scale = subresources?["scale"] is JsonObject sc && Str(sc, "specReplicasPath") is { } specPath && Str(sc, "statusReplicasPath") is { } statusPath
                ? new ScalePaths(specPath, statusPath, Str(sc, "labelSelectorPath"))
                : null;
            var hasStatus = subresources?["status"] is JsonObject;
            string[] subs = [.. (hasStatus ? ["status"] : Array.Empty<string>()), .. (scale is not null ? ["scale"] : Array.Empty<string>())];
            var custom = new CustomResourceVersion(
                definitionName,
                Str(names, "listKind") ?? kind + "List",
                (version["schema"] as JsonObject)?["openAPIV3Schema"] as JsonObject,
                hasStatus,
                scale,
                Columns(version),
                storage);
            types.Add(new ResourceType(group, name, plural, kind, Str(spec, "scope") != "Cluster", Strings(names, "shortNames"), subs)
            {
                Categories = Strings(names, "categories"),
                Singular = Str(names, "singular") ?? kind.ToLowerInvariant(),
                StorePrefix = StorePrefix(group, plural),
                Custom = custom,
            });
        }

        return types;
    }

    private static IReadOnlyList<PrinterColumn> Columns(JsonObject version)
    {
        if (version["additionalPrinterColumns"] is not JsonArray { Count: > 0 } columns)
        {
            return [AgeColumn];
        }

        return
        [
            .. columns.OfType<JsonObject>().Select(c => new PrinterColumn(
                Str(c, "name") ?? "",
                Str(c, "type") ?? "string",
                Str(c, "format"),
                Str(c, "description") ?? "",
                c["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) ? priority : 0,
                Str(c, "jsonPath") ?? "")),
        ];
    }

    /// <summary>A string field of <paramref name="obj"/>, null when missing or not a string.</summary>
    public static string? Str(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Whether a field of <paramref name="obj"/> is JSON true.</summary>
    public static bool Bool(JsonObject? obj, string name) => obj?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>The strings of an array field of <paramref name="obj"/>; empty when missing.</summary>
    public static IReadOnlyList<string> Strings(JsonObject? obj, string name) =>
        obj?[name] is JsonArray array ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())] : [];
}
