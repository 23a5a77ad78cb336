using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.GarbageCollector;

/// <summary>
/// Deletes objects whose owners are all gone (background propagation), and carries out the two
/// deletion finalizers the API server adds: <c>foregroundDeletion</c> (delete dependents first,
/// then let the owner go) and <c>orphan</c> (cut dependents loose, then let the owner go).
/// "Gone" is confirmed with a live read, never from the cache alone, so a dependent created a
/// moment after its owner is never collected by mistake.
/// </summary>
internal sealed class GarbageCollector(int workers)
    : ReconcilingController("garbage-collector-controller", "Kubesharp.Controllers.GarbageCollector", workers)
{
    private const string Foreground = "foregroundDeletion";
    private const string Orphan = "orphan";
    private readonly Dictionary<int, IInformer> _informers = [];

    protected override void Watch(ControllerContext context)
    {
        for (var i = 0; i < OwnedTypes.All.Count; i++)
        {
            var index = i;
            var informer = context.Informers.For(OwnedTypes.All[i]);
            _informers[i] = informer;
            informer.AddHandler(new InformerHandler
            {
                OnAdd = o => Changed(index, o),
                OnUpdate = (_, o) => Changed(index, o),
                OnDelete = Deleted,
            });
        }
    }

    /// <summary>Keys are "typeIndex|namespace/name".</summary>
    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        var index = int.Parse(key.AsSpan(0, bar), CultureInfo.InvariantCulture);
        if (_informers[index].Store.Get(key[(bar + 1)..]) is not { } obj)
        {
            return;
        }

        var type = OwnedTypes.All[index];
        var finalizers = (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).ToList();
        if (Json.Str(obj, "metadata", "deletionTimestamp") is not null)
        {
            if (finalizers.Contains(Orphan))
            {
                await OrphanDependentsAsync(obj, cancellationToken);
                await RemoveFinalizerAsync(type, obj, Orphan, cancellationToken);
            }
            else if (finalizers.Contains(Foreground) && await DeleteDependentsAsync(obj, cancellationToken) == 0)
            {
                await RemoveFinalizerAsync(type, obj, Foreground, cancellationToken);
            }
        }

        if (obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } owners && await AllOwnersGoneAsync(obj, owners, cancellationToken))
        {
            await DeleteAsync(type, obj, "Background", cancellationToken);
        }
    }

    private async Task<bool> AllOwnersGoneAsync(JsonObject obj, JsonArray owners, CancellationToken cancellationToken)
    {
        foreach (var owner in owners)
        {
            var ownerType = OwnedTypes.ForOwner(Json.Str(owner, "apiVersion"), Json.Str(owner, "kind"));
            if (ownerType is null)
            {
                return false; // unknown kinds are presumed alive
            }

            var ns = ownerType.Namespaced ? Json.Str(obj, "metadata", "namespace") : null;
            var cached = _informers[OwnedTypes.IndexOf(ownerType)].Store.Get(ObjectKeys.Key(ns, Json.Str(owner, "name")!));
            if (cached is not null && Json.Str(cached, "metadata", "uid") == Json.Str(owner, "uid") && Json.Str(cached, "metadata", "deletionTimestamp") is null)
            {
                return false; // the cache already shows it alive: no need to ask the server
            }

            try
            {
                var live = await Client.GetAsync(ownerType, ns, Json.Str(owner, "name")!, cancellationToken);
                if (Json.Str(live, "metadata", "uid") == Json.Str(owner, "uid"))
                {
                    // Alive, unless it is being deleted in the foreground: then its dependents go first.
                    var foreground = (live["metadata"]?["finalizers"] as JsonArray ?? []).Any(f => f?.GetValue<string>() == Foreground);
                    if (!(foreground && Json.Str(live, "metadata", "deletionTimestamp") is not null))
                    {
                        return false;
                    }
                }
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // gone
            }
        }

        return true;
    }

    /// <summary>Deletes dependents; returns how many still block the owner (blockOwnerDeletion and not yet gone).</summary>
    private async Task<int> DeleteDependentsAsync(JsonObject owner, CancellationToken cancellationToken)
    {
        var uid = Json.Str(owner, "metadata", "uid")!;
        var blocking = 0;
        foreach (var (index, dependent) in Dependents(uid))
        {
            var reference = (dependent["metadata"]?["ownerReferences"] as JsonArray)?.FirstOrDefault(o => Json.Str(o, "uid") == uid);
            if (reference?["blockOwnerDeletion"] is JsonValue b && b.TryGetValue<bool>(out var blocks) && blocks)
            {
                blocking++;
            }

            if (Json.Str(dependent, "metadata", "deletionTimestamp") is null)
            {
                await DeleteAsync(OwnedTypes.All[index], dependent, "Foreground", cancellationToken);
            }
        }

        return blocking;
    }

    private async Task OrphanDependentsAsync(JsonObject owner, CancellationToken cancellationToken)
    {
        var uid = Json.Str(owner, "metadata", "uid")!;
        foreach (var (index, dependent) in Dependents(uid))
        {
            var kept = new JsonArray();
            foreach (var o in dependent["metadata"]?["ownerReferences"] as JsonArray ?? [])
            {
                if (Json.Str(o, "uid") != uid)
                {
                    kept.Add(o?.DeepClone());
                }
            }

            await PatchMetadataAsync(OwnedTypes.All[index], dependent, new JsonObject { ["ownerReferences"] = kept }, cancellationToken);
        }
    }

    private Task RemoveFinalizerAsync(ResourceType type, JsonObject obj, string finalizer, CancellationToken cancellationToken)
    {
        var kept = new JsonArray();
        foreach (var f in obj["metadata"]?["finalizers"] as JsonArray ?? [])
        {
            if (f?.GetValue<string>() != finalizer)
            {
                kept.Add(f?.DeepClone());
            }
        }

        return PatchMetadataAsync(type, obj, new JsonObject { ["finalizers"] = kept }, cancellationToken);
    }

    private async Task PatchMetadataAsync(ResourceType type, JsonObject obj, JsonObject metadata, CancellationToken cancellationToken)
    {
        metadata["resourceVersion"] = Json.Str(obj, "metadata", "resourceVersion");
        try
        {
            await Client.PatchAsync(type, Json.Str(obj, "metadata", "namespace"), Json.Str(obj, "metadata", "name")!, new PatchRequest(PatchKind.Merge, new JsonObject { ["metadata"] = metadata }.ToJsonString()), cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // already gone
        }
    }

    private async Task DeleteAsync(ResourceType type, JsonObject obj, string propagation, CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteAsync(type, Json.Str(obj, "metadata", "namespace"), Json.Str(obj, "metadata", "name")!, new DeleteRequest { PropagationPolicy = propagation, PreconditionUid = Json.Str(obj, "metadata", "uid") }, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone already, or a different object now has that name
        }
    }

    private IEnumerable<(int Index, JsonObject Dependent)> Dependents(string ownerUid)
    {
        foreach (var (index, informer) in _informers)
        {
            foreach (var dependent in informer.Store.ByIndex(Indexers.ByOwnerUid, ownerUid))
            {
                yield return (index, dependent);
            }
        }
    }

    private void Changed(int index, JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } || Json.Str(obj, "metadata", "deletionTimestamp") is not null)
        {
            Loop.Queue.Add($"{index}|{ObjectKeys.Key(obj)}");
        }
    }

    private void Deleted(JsonObject obj)
    {
        // Its dependents may now be orphans; an owner waiting in the foreground may now be free.
        var uid = Json.Str(obj, "metadata", "uid");
        if (uid is not null)
        {
            foreach (var (index, dependent) in Dependents(uid))
            {
                Loop.Queue.Add($"{index}|{ObjectKeys.Key(dependent)}");
            }
        }

        foreach (var owner in obj["metadata"]?["ownerReferences"] as JsonArray ?? [])
        {
            if (OwnedTypes.ForOwner(Json.Str(owner, "apiVersion"), Json.Str(owner, "kind")) is { } ownerType)
            {
                var ns = ownerType.Namespaced ? Json.Str(obj, "metadata", "namespace") : null;
                Loop.Queue.Add($"{OwnedTypes.IndexOf(ownerType)}|{ObjectKeys.Key(ns, Json.Str(owner, "name")!)}");
            }
        }
    }
}
