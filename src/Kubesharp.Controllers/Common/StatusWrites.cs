using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Common;

/// <summary>The status write that ends a level-based reconcile: only when the computed status differs.</summary>
internal static class StatusWrites
{
    /// <summary>
    /// Replaces <paramref name="obj"/>'s status with <paramref name="status"/> unless they are equal.
    /// A 404 or 409 is not an error: the object is gone or changed meanwhile, and the event that
    /// changed it brings the key back for a fresh reconcile.
    /// </summary>
    public static async Task WriteIfChangedAsync(IApiClient client, ResourceType type, JsonObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        if (JsonNode.DeepEquals(status, obj["status"]))
        {
            return;
        }

        var updated = (JsonObject)obj.DeepClone();
        updated["status"] = status;
        try
        {
            await client.UpdateStatusAsync(type, updated, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // see the summary
        }
    }
}
