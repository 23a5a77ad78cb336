using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Emptying a collection before its owner goes: a terminating namespace's contents, a deleted
/// CRD's custom objects. Objects already being deleted are left to their finalizers.
/// </summary>
internal static class CollectionDeletion
{
    /// <summary>Asks every object of the collection to be deleted; returns how many there were (0: empty).</summary>
    public static async Task<int> DeleteAllAsync(ResourceRegistry registry, ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var contents = await registry.ListAsync(type, ns, new ListOptions(), cancellationToken);
        var count = 0;
        foreach (var item in ((JsonArray)contents["items"]!).OfType<JsonObject>())
        {
            count++;
            if (ObjectMeta.DeletionTimestamp(item) is not null)
            {
                continue;
            }

            try
            {
                await registry.DeleteAsync(new ObjectRef(type, ObjectMeta.Namespace(item), ObjectMeta.Name(item)!), new DeleteOptions(), cancellationToken);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                // Gone or changed meanwhile: the next pass looks again.
            }
        }

        return count;
    }
}
