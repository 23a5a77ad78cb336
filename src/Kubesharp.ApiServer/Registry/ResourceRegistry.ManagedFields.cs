using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;
using Kubesharp.Api.Objects;
using Kubesharp.Api.Patching;

namespace Kubesharp.ApiServer.Registry;

public sealed partial class ResourceRegistry
{
    /// <summary>
    /// <paramref name="updated"/> (stored shape) with an Update entry for <paramref name="manager"/>.
    /// Kinds served in several versions record the fields of the version the request used (the
    /// URL's), and compare other managers' fields in their own versions, as upstream's field
    /// manager does; the stored shape's field paths would mean nothing to a v1 client.
    /// </summary>
    private JsonObject RecordManagedFields(ResourceType type, JsonObject? current, JsonObject updated, string manager, string? subresource)
    {
        var now = _time.GetUtcNow();
        if (!VersionConversion.IsMultiVersion(type))
        {
            // In place: every caller replaces its object with the result.
            return ManagedFields.RecordUpdateInPlace(current, updated, manager, type.ApiVersion, now, subresource);
        }

        var recorded = ManagedFields.RecordUpdate(
            In(type, current), In(type, updated)!, manager, type.ApiVersion, now, subresource, inVersion: version =>
                BuiltInResources.All.FirstOrDefault(r => r.Plural == type.Plural && r.ApiVersion == version && VersionConversion.IsMultiVersion(r)) is { } other
                    ? (In(other, current), In(other, updated)!)
                    : null);
        var result = (JsonObject)updated.DeepClone();
        var fields = ObjectMeta.Metadata(recorded)["managedFields"]?.DeepClone();
        var metadata = ObjectMeta.Metadata(result);
        metadata.Remove("managedFields");
        if (fields is not null)
        {
            metadata["managedFields"] = fields;
        }

        return result;
    }

    // A stored-shape object as <paramref name="type"/>'s version serves it (a copy: reads may return the object itself).
    private static JsonObject? In(ResourceType type, JsonObject? stored) =>
        stored is null ? null : VersionConversion.FromStorage(type, (JsonObject)stored.DeepClone());
}
