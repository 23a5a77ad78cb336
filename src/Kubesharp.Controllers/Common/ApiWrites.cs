using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Common;

/// <summary>Writes whose 404/409 answers mean "our cache was behind": the watch event that follows brings the key back.</summary>
internal static class ApiWrites
{
    public static async Task IgnoreConflictAsync(Func<Task<JsonObject>> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 409 or 404)
        {
            // retried on the next event for this key
        }
    }

    public static async Task DeleteIfPresentAsync(IApiClient client, ResourceType type, JsonObject? obj, CancellationToken cancellationToken)
    {
        if (obj is null)
        {
            return;
        }

        try
        {
            await client.DeleteAsync(type, Json.Str(obj, "metadata", "namespace"), Json.Str(obj, "metadata", "name")!, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // already gone
        }
    }
}
