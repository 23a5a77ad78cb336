using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Turns an object into the field paths server-side apply owns (upstream's ToFieldSet): every
/// scalar, null, empty object and atomic list is a leaf; keyed list items and set values are
/// members in their own right. Leaf values are kept so two objects can be compared path by path.
/// </summary>
internal sealed class FieldWalker(IPatchMetadata metadata)
{
    // Upstream's stripMeta fields (and "metadata" itself, not what is under it): never owned by anyone.
    private static readonly string[] Ignored =
    [
        "f:apiVersion", "f:kind",
        .. new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" }
            .Select(f => FieldPath.Child("f:metadata", "f:" + f)),
    ];

    public sealed record Facts(FieldSet Members, Dictionary<string, JsonNode?> Leaves);

    /// <summary>
    /// The fields of <paramref name="obj"/> a write to <paramref name="subresource"/> can own: a status
    /// write only status, any other write everything but status (see <see cref="Owned"/>). The other
    /// half is not walked at all: its paths would be dropped, and a pod status update walked the whole spec for nothing.
    /// </summary>
    public Facts Walk(JsonObject obj, string? rootType, string? subresource)
    {
        var facts = new Facts(new FieldSet(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        var statusWrite = subresource == "status";
        foreach (var (key, value) in obj)
        {
            if ((key == "status") != statusWrite)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject meta)
            {
                WalkMetadata(meta, metadata.Field(rootType, key), facts);
                continue;
            }

            WalkValue(value, "f:" + key, metadata.Field(rootType, key), facts);
        }

        return facts;
    }

    /// <summary>
    /// Drops the fields nobody owns, and the fields of the other half of the object: a request to
    /// the main resource does not own status (upstream resets it), a status request owns only status.
    /// </summary>
    public static FieldSet Owned(FieldSet set, string? subresource) =>
        set.Where(subresource == "status" ? OwnedByStatusWrite : OwnedByMainWrite);

    private static bool OwnedByStatusWrite(string path) =>
        (path == "f:status" || FieldPath.IsPrefixOf("f:status", path)) && !IsIgnored(path);

    private static bool OwnedByMainWrite(string path) =>
        path != "f:status" && !FieldPath.IsPrefixOf("f:status", path) && !IsIgnored(path);

    private static bool IsIgnored(string path)
    {
        if (path == "f:metadata")
        {
            return true;
        }

        foreach (var ignored in Ignored)
        {
            if (path == ignored || FieldPath.IsPrefixOf(ignored, path))
            {
                return true;
            }
        }

        return false;
    }

    private void WalkObject(JsonObject obj, string path, string? type, Facts facts)
    {
        foreach (var (key, value) in obj)
        {
            WalkValue(value, FieldPath.Child(path, "f:" + key), metadata.Field(type, key), facts);
        }
    }

    // metadata as if managedFields were not there: that is bookkeeping, not data, and a large
    // subtree. Walked in place (a copy without it was a measurable share of a write's allocations).
    private void WalkMetadata(JsonObject meta, FieldPatchInfo? field, Facts facts)
    {
        const string path = "f:metadata";
        var any = false;
        foreach (var (key, value) in meta)
        {
            if (key == "managedFields")
            {
                continue;
            }

            any = true;
            WalkValue(value, FieldPath.Child(path, "f:" + key), metadata.Field(field?.Type, key), facts);
        }

        if (!any)
        {
            // What an empty object is anywhere: a leaf.
            facts.Members.Add(path);
            facts.Leaves[path] = new JsonObject();
        }
    }

    private void WalkValue(JsonNode? value, string path, FieldPatchInfo? field, Facts facts)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj:
                WalkObject(obj, path, field?.Type, facts);
                return;
            case JsonArray { Count: > 0 } array when field?.List is ListKind.Set:
                foreach (var item in array)
                {
                    var itemPath = FieldPath.Child(path, "v:" + (item?.ToJsonString() ?? "null"));
                    facts.Members.Add(itemPath);
                    facts.Leaves[itemPath] = item;
                }

                return;
            case JsonArray { Count: > 0 } array when field?.List is ListKind.Map && array.All(i => i is JsonObject):
                foreach (var item in array.Cast<JsonObject>())
                {
                    var itemPath = FieldPath.Child(path, FieldPath.Key(item, field.MapKeys));
                    facts.Members.Add(itemPath);
                    WalkObject(item, itemPath, field.Type, facts);
                }

                return;
            default:
                facts.Members.Add(path);
                facts.Leaves[path] = value;
                return;
        }
    }
}
