using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.EndpointSlices;

/// <summary>
/// Brings the EndpointSlices one manager keeps for one Service to the desired list: existing slices
/// (by name order) are updated in place when their endpoints or ports differ, missing ones created,
/// extra ones or ones owned by another object (an old owner of the same name) deleted.
/// </summary>
internal static class SliceSync
{
    private static readonly ResourceType SlicesType = BuiltInResources.Get("discovery.k8s.io", "endpointslices");

    /// <param name="managedBy">The value of the managed-by label that marks this manager's slices.</param>
    /// <param name="ownerUid">The uid of the object the slices are controlled by.</param>
    public static async Task SyncAsync(IApiClient client, IObjectStore slices, string? ns, string serviceName, string managedBy, string ownerUid, IReadOnlyList<JsonObject> desired, CancellationToken cancellationToken)
    {
        var existing = slices.ByIndex(Indexers.ByNamespace, ns ?? string.Empty)
            .Where(s => Json.Str(s, "metadata", "labels", EndpointObjects.ServiceNameLabel) == serviceName
                        && Json.Str(s, "metadata", "labels", EndpointObjects.ManagedByLabel) == managedBy)
            .OrderBy(s => Json.Str(s, "metadata", "name"), StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < desired.Count; i++)
        {
            if (i < existing.Count && OwnerReferences.IsControlledBy(existing[i], ownerUid))
            {
                var current = existing[i];
                if (JsonNode.DeepEquals(current["endpoints"] ?? new JsonArray(), desired[i]["endpoints"])
                    && JsonNode.DeepEquals(current["ports"], desired[i]["ports"])
                    && JsonNode.DeepEquals(current["addressType"], desired[i]["addressType"]))
                {
                    continue;
                }

                var updated = (JsonObject)current.DeepClone();
                updated["endpoints"] = desired[i]["endpoints"]?.DeepClone();
                updated["ports"] = desired[i]["ports"]?.DeepClone();
                if (!JsonNode.DeepEquals(current["addressType"], desired[i]["addressType"]))
                {
                    // addressType is immutable: a slice of the other family replaces this one.
                    await ApiWrites.DeleteIfPresentAsync(client, SlicesType, current, cancellationToken).ConfigureAwait(false);
                    await client.CreateAsync(SlicesType, ns, desired[i], cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await client.UpdateAsync(SlicesType, updated, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CreateAsync(SlicesType, ns, desired[i], cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var extra in existing.Skip(desired.Count).Concat(existing.Take(desired.Count).Where(s => !OwnerReferences.IsControlledBy(s, ownerUid))))
        {
            await ApiWrites.DeleteIfPresentAsync(client, SlicesType, extra, cancellationToken).ConfigureAwait(false);
        }
    }
}
