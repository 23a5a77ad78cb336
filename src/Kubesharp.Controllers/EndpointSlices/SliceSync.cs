using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.EndpointSlices;

/// <summary>
/// Brings the EndpointSlices one manager keeps for one Service to the desired list, by position:
/// slice i is named <c>service-i</c> (<c>service-mirror-i</c> for mirrored ones), updated in place when its
/// endpoints or ports differ, created when missing; extra ones deleted.
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
            .ToDictionary(s => Json.Str(s, "metadata", "name") ?? string.Empty, StringComparer.Ordinal);
        var prefix = managedBy == EndpointObjects.ManagedBy ? serviceName : serviceName + "-mirror";
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < desired.Count; i++)
        {
            // Names fixed by position, not generateName: a reconcile whose cache has not yet seen the
            // previous one's create gets 409 AlreadyExists and is requeued, instead of making a duplicate.
            var name = $"{prefix}-{i}";
            wanted.Add(name);
            var slice = (JsonObject)desired[i].DeepClone();
            var metadata = (JsonObject)slice["metadata"]!;
            metadata["name"] = name;
            if (!existing.TryGetValue(name, out var current))
            {
                await client.CreateAsync(SlicesType, ns, slice, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!OwnerReferences.IsControlledBy(current, ownerUid) || !JsonNode.DeepEquals(current["addressType"], slice["addressType"]))
            {
                // Another owner's (an older object of the same name) or the other family (immutable): replace it.
                await ApiWrites.DeleteIfPresentAsync(client, SlicesType, current, cancellationToken).ConfigureAwait(false);
                await client.CreateAsync(SlicesType, ns, slice, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (JsonNode.DeepEquals(current["endpoints"] ?? new JsonArray(), slice["endpoints"]) && JsonNode.DeepEquals(current["ports"], slice["ports"]))
            {
                continue;
            }

            var updated = (JsonObject)current.DeepClone();
            updated["endpoints"] = slice["endpoints"]?.DeepClone();
            updated["ports"] = slice["ports"]?.DeepClone();
            await client.UpdateAsync(SlicesType, updated, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, extra) in existing)
        {
            if (!wanted.Contains(name))
            {
                await ApiWrites.DeleteIfPresentAsync(client, SlicesType, extra, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
