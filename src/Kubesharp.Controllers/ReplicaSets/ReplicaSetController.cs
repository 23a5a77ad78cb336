using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Api.Catalog;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>
/// Keeps the number of active pods of each ReplicaSet (or ReplicationController) equal to its
/// replicas: adopts matching orphans, releases pods that stopped matching, creates from the
/// template (in slow-start batches, as upstream) or deletes the least valuable pods, and reports status.
/// </summary>
internal sealed partial class ReplicaSetController(ReplicaKind kind, int workers)
    : ReconcilingController(kind.ControllerName, "Kubesharp.Controllers." + kind.Kind, workers)
{
    private const int BurstReplicas = 500;
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private IInformer _owners = null!;
    private IInformer _pods = null!;
    private IEventRecorder _events = null!;
    private Expectations _expectations = null!;
    private readonly PodFactsCache _facts = new();

    // Selectors per owner object (replaced, never changed, by the informer), so that pods can
    // remember the answer for the same selector object (PodFacts.MatchedBy).
    private readonly ConditionalWeakTable<JsonObject, LabelSelector> _selectors = [];

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events(Name);
        _expectations = new Expectations(Time);
        _owners = context.Informers.For(kind.Type);
        _pods = context.Informers.For(PodsType);
        _owners.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _pods.AddHandler(new InformerHandler
        {
            OnAdd = pod => PodChanged(pod, null),
            OnUpdate = (old, pod) => PodChanged(pod, old),
            OnDelete = PodDeleted,
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_owners.Store.Get(key) is not { } owner)
        {
            _expectations.Forget(key);
            return;
        }

        // Expectations first, the pod cache second (upstream's order): a pod observed between the two
        // reads would otherwise count as seen yet be missing from the list, and be created again.
        var needsSync = _expectations.Satisfied(key);
        if (!needsSync)
        {
            Loop.Queue.AddAfter(key, Expectations.Timeout); // in case the events it waits for never come
        }

        var ns = Json.Str(owner, "metadata", "namespace")!;
        var uid = Json.Str(owner, "metadata", "uid")!;
        var selector = _selectors.GetValue(owner, o => kind.Selector(o));
        var deleting = Json.Str(owner, "metadata", "deletionTimestamp") is not null;
        var active = new List<(JsonObject Pod, PodFacts Facts)>();
        foreach (var pod in _pods.Store.ByIndex(Indexers.ByOwnerUid, uid))
        {
            var facts = _facts.Of(pod);
            if (facts.ControllerUid != uid)
            {
                continue;
            }

            if (facts.MatchedBy(selector))
            {
                if (facts.Active)
                {
                    active.Add((pod, facts));
                }
            }
            else
            {
                await ReleaseAsync(pod, uid, cancellationToken);
            }
        }

        if (!deleting && !selector.IsEmpty)
        {
            foreach (var pod in _pods.Store.ByIndex(Indexers.OrphansByNamespace, ns))
            {
                if (_facts.Of(pod).Active && selector.MatchesObject(pod) && await AdoptAsync(owner, pod, cancellationToken) is { } adopted && _facts.Of(adopted) is { Active: true } facts)
                {
                    active.Add((adopted, facts));
                }
            }
        }

        if (!deleting && needsSync)
        {
            var want = (int)(Json.Int(owner, "spec", "replicas") ?? 1);
            var diff = active.Count - want;
            if (diff < 0)
            {
                await CreateAsync(key, owner, Math.Min(-diff, BurstReplicas), cancellationToken);
            }
            else if (diff > 0)
            {
                var victims = DeletionRanking.PickVictims(active.Select(p => p.Pod), Math.Min(diff, BurstReplicas));
                await DeleteAsync(key, owner, victims, cancellationToken);
                var gone = new HashSet<JsonObject>(victims, ReferenceEqualityComparer.Instance);
                active.RemoveAll(p => gone.Contains(p.Pod));
            }
        }

        await UpdateStatusAsync(key, owner, active.ConvertAll(p => p.Facts), cancellationToken);
    }

    private async Task CreateAsync(string key, JsonObject owner, int count, CancellationToken cancellationToken)
    {
        _expectations.Expect(key, count);
        var ns = Json.Str(owner, "metadata", "namespace")!;
        var name = Json.Str(owner, "metadata", "name")!;
        var template = owner["spec"]?["template"] as JsonObject ?? new JsonObject();
        var reference = OwnerReferences.For(owner, kind.ApiVersion, kind.Kind);
        var remaining = count;
        Exception? failure = null;

        // Slow start (1, 2, 4, ...): a template the API rejects fails once, not 500 times.
        for (var batch = 1; remaining > 0 && failure is null; batch = Math.Min(batch * 2, remaining))
        {
            var size = Math.Min(batch, remaining);
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(_ => CreateOneAsync(key, owner, ns, PodTemplates.NewPod(template, ns, reference, name + "-"), cancellationToken)));
            remaining -= size;
            failure = results.FirstOrDefault(e => e is not null);
        }

        // Batches never sent will not make pods either.
        for (var i = 0; i < remaining; i++)
        {
            _expectations.CreationObserved(key);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>One create; returns its failure instead of throwing so the batch it belongs to finishes.</summary>
    private async Task<Exception?> CreateOneAsync(string key, JsonObject owner, string ns, JsonObject pod, CancellationToken cancellationToken)
    {
        try
        {
            var created = await Client.CreateAsync(PodsType, ns, pod, cancellationToken);
            _events.Record(owner, EventType.Normal, "SuccessfulCreate", $"Created pod: {Json.Str(created, "metadata", "name")}");
            return null;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            // Refused: no pod will appear, so stop waiting for one.
            _expectations.CreationObserved(key);
            _events.Record(owner, EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
            return e;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own request timeout: the server may still have made the pod. Keep expecting it (the
            // informer shows it, or the expectation times out) rather than risk creating it twice.
            return e;
        }
    }

    private async Task DeleteAsync(string key, JsonObject owner, IReadOnlyList<JsonObject> victims, CancellationToken cancellationToken)
    {
        _expectations.Expect(key, 0, victims.Select(ObjectKeys.Key));
        await Task.WhenAll(victims.Select(async pod =>
        {
            var name = Json.Str(pod, "metadata", "name")!;
            try
            {
                await Client.DeleteAsync(PodsType, Json.Str(pod, "metadata", "namespace"), name, null, cancellationToken);
                _events.Record(owner, EventType.Normal, "SuccessfulDelete", $"Deleted pod: {name}");
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                _expectations.DeletionObserved(key, ObjectKeys.Key(pod));
                if (e is not ApiException { Code: 404 })
                {
                    _events.Record(owner, EventType.Warning, "FailedDelete", $"Error deleting: {e.Message}");
                    throw;
                }
            }
        }));
    }

    private Task<JsonObject?> AdoptAsync(JsonObject owner, JsonObject pod, CancellationToken cancellationToken) =>
        Adoption.AdoptAsync(Client, PodsType, pod, OwnerReferences.For(owner, kind.ApiVersion, kind.Kind), cancellationToken);

    private async Task ReleaseAsync(JsonObject pod, string uid, CancellationToken cancellationToken)
    {
        var owners = new JsonArray();
        foreach (var o in pod["metadata"]?["ownerReferences"] as JsonArray ?? [])
        {
            if (Json.Str(o, "uid") != uid)
            {
                owners.Add(o?.DeepClone());
            }
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = owners, ["resourceVersion"] = Json.Str(pod, "metadata", "resourceVersion") },
        };
        try
        {
            await Client.PatchAsync(PodsType, Json.Str(pod, "metadata", "namespace"), Json.Str(pod, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone or changed meanwhile
        }
    }

    private async Task UpdateStatusAsync(string key, JsonObject owner, IReadOnlyList<PodFacts> active, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var status = ReplicaStatus.Compute(owner, active, now);
        if (!ReplicaStatus.SameAs(status, owner["status"]))
        {
            var updated = (JsonObject)owner.DeepClone();
            updated["status"] = status;
            try
            {
                await Client.UpdateStatusAsync(kind.Type, updated, cancellationToken);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                return; // gone, or changed meanwhile: its informer event brings the key back
            }
        }

        // Pods ready but not yet available for minReadySeconds: look again when they will be.
        var minReady = Json.Int(owner, "spec", "minReadySeconds") ?? 0;
        if (minReady > 0 && Json.Int(status, "availableReplicas") < Json.Int(status, "readyReplicas"))
        {
            Loop.Queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    private void PodChanged(JsonObject pod, JsonObject? old)
    {
        if (OwnerReferences.Controller(pod) is { } controller)
        {
            if (Json.Str(controller, "kind") != kind.Kind)
            {
                return;
            }

            var key = ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(controller, "name")!);
            if (old is null)
            {
                _expectations.CreationObserved(key);
            }

            if (Json.Str(pod, "metadata", "deletionTimestamp") is not null)
            {
                _expectations.DeletionObserved(key, ObjectKeys.Key(pod));
            }

            Loop.Queue.Add(key);
            if (old is not null && OwnerReferences.Controller(old) is { } previous && Json.Str(previous, "uid") != Json.Str(controller, "uid") && Json.Str(previous, "kind") == kind.Kind)
            {
                Loop.Queue.Add(ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(previous, "name")!));
            }

            return;
        }

        // An orphan: every owner of this kind in its namespace whose selector matches may adopt it.
        foreach (var owner in _owners.Store.ByIndex(Indexers.ByNamespace, Json.Str(pod, "metadata", "namespace") ?? string.Empty))
        {
            var selector = kind.Selector(owner);
            if (!selector.IsEmpty && selector.MatchesObject(pod))
            {
                Loop.Queue.Add(ObjectKeys.Key(owner));
            }
        }
    }

    private void PodDeleted(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is { } controller && Json.Str(controller, "kind") == kind.Kind)
        {
            var key = ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(controller, "name")!);
            _expectations.DeletionObserved(key, ObjectKeys.Key(pod));
            Loop.Queue.Add(key);
        }
    }
}
