using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Common;

/// <summary>Adopting an orphan: adding a controller reference, guarded by the object's resourceVersion.</summary>
internal static class Adoption
{
    /// <returns>The adopted object, or null when it was deleted or changed meanwhile (its next event brings it back).</returns>
    public static async Task<JsonObject?> AdoptAsync(IApiClient client, ResourceType type, JsonObject obj, JsonObject controllerRef, CancellationToken cancellationToken)
    {
        var owners = obj["metadata"]?["ownerReferences"] is JsonArray existing ? (JsonArray)existing.DeepClone() : [];
        owners.Add((JsonNode)controllerRef);
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = owners, ["resourceVersion"] = Json.Str(obj, "metadata", "resourceVersion") },
        };
        try
        {
            return await client.PatchAsync(type, Json.Str(obj, "metadata", "namespace"), Json.Str(obj, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            return null;
        }
    }
}
