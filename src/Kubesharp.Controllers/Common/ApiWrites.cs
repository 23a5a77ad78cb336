using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Common;

/// <summary>Deletes for which 404 means done. (Other writes let 404/409 fail the reconcile: the key is requeued, since no further event may come.)</summary>
internal static class ApiWrites
{
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
