using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Common;

/// <summary>ownerReferences as controllers use them: the controller reference and building one.</summary>
internal static class OwnerReferences
{
    /// <summary>The owner reference with controller=true, if any.</summary>
    public static JsonObject? Controller(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray owners
            ? owners.OfType<JsonObject>().FirstOrDefault(o => o["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c)
            : null;

    public static bool IsControlledBy(JsonObject obj, string ownerUid) => Controller(obj) is { } owner && Json.Str(owner, "uid") == ownerUid;

    /// <summary>A controller reference to <paramref name="owner"/> (blockOwnerDeletion, as upstream's controllers set it).</summary>
    public static JsonObject For(JsonObject owner, string apiVersion, string kind) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = Json.Str(owner, "metadata", "name"),
        ["uid"] = Json.Str(owner, "metadata", "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };
}
