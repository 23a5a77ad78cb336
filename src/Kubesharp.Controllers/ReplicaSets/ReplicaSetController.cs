using System.Text.Json.Nodes;
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
internal sealed partial class ReplicaSetController(ReplicaKind kind, int workers) : IController, IReconciler
{
    private const int BurstReplicas = 500;
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private IApiClient _client = null!;
    private IInformer _owners = null!;
    private IInformer _pods = null!;
    private IEventRecorder _events = null!;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = null!;
    private Expectations _expectations = null!;
    private ReconcileLoop _loop = null!;

    public string Name => kind.ControllerName;

    public void Register(ControllerContext context)
    {
        _client = context.Client;
        _time = context.Time;
        _events = context.Events(Name);
        _logger = context.LoggerFactory.CreateLogger("Kubesharp.Controllers." + kind.Kind);
        _expectations = new Expectations(_time);
        _loop = new ReconcileLoop(Name, _time);
        _owners = context.Informers.For(kind.Type);
        _pods = context.Informers.For(PodsType);
        _owners.AddHandler(InformerHandler.ForKeys(_loop.Queue.Add));
        _pods.AddHandler(new InformerHandler
        {
            OnAdd = pod => PodChanged(pod, null),
            OnUpdate = (old, pod) => PodChanged(pod, old),
            OnDelete = PodDeleted,
        });
    }

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(this, workers, _logger, cancellationToken);

    public async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_owners.Store.Get(key) is not { } owner)
        {
            _expectations.Forget(key);
            return;
        }

        var ns = Json.Str(owner, "metadata", "namespace")!;
        var uid = Json.Str(owner, "metadata", "uid")!;
        var selector = kind.Selector(owner);
        var deleting = Json.Str(owner, "metadata", "deletionTimestamp") is not null;
        var owned = new List<JsonObject>();
        foreach (var pod in _pods.Store.ByIndex(Indexers.ByNamespace, ns))
        {
            var controller = OwnerReferences.Controller(pod);
            if (controller is not null && Json.Str(controller, "uid") == uid)
            {
                if (selector.MatchesObject(pod))
                {
                    owned.Add(pod);
                }
                else
                {
                    await ReleaseAsync(pod, uid, cancellationToken);
                }
            }
            else if (controller is null && !deleting && Pods.IsActive(pod) && selector.MatchesObject(pod) && !selector.IsEmpty)
            {
                if (await AdoptAsync(owner, pod, cancellationToken) is { } adopted)
                {
                    owned.Add(adopted);
                }
            }
        }

        var active = owned.Where(Pods.IsActive).ToList();
        if (!deleting && _expectations.Satisfied(key))
        {
            var want = (int)(Json.Int(owner, "spec", "replicas") ?? 1);
            var diff = active.Count - want;
            if (diff < 0)
            {
                await CreateAsync(key, owner, Math.Min(-diff, BurstReplicas), cancellationToken);
            }
            else if (diff > 0)
            {
                var victims = DeletionRanking.PickVictims(active, Math.Min(diff, BurstReplicas));
                await DeleteAsync(key, owner, victims, cancellationToken);
                active = active.Except(victims).ToList();
            }
        }

        await UpdateStatusAsync(key, owner, active, cancellationToken);
    }

    private async Task CreateAsync(string key, JsonObject owner, int count, CancellationToken cancellationToken)
    {
        _expectations.Expect(key, count, 0);
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
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(async _ =>
            {
                try
                {
                    var created = await _client.CreateAsync(PodsType, ns, PodTemplates.NewPod(template, ns, reference, name + "-"), cancellationToken);
                    _events.Record(owner, EventType.Normal, "SuccessfulCreate", $"Created pod: {Json.Str(created, "metadata", "name")}");
                    return null;
                }
                catch (ApiException e)
                {
                    _expectations.Missed(key, add: true);
                    _events.Record(owner, EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
                    return e;
                }
            }));
            remaining -= size;
            failure = results.FirstOrDefault(e => e is not null);
        }

        for (var i = 0; i < remaining; i++)
        {
            _expectations.Missed(key, add: true);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    private async Task DeleteAsync(string key, JsonObject owner, IReadOnlyList<JsonObject> victims, CancellationToken cancellationToken)
    {
        _expectations.Expect(key, 0, victims.Count);
        await Task.WhenAll(victims.Select(async pod =>
        {
            var name = Json.Str(pod, "metadata", "name")!;
            try
            {
                await _client.DeleteAsync(PodsType, Json.Str(pod, "metadata", "namespace"), name, null, cancellationToken);
                _events.Record(owner, EventType.Normal, "SuccessfulDelete", $"Deleted pod: {name}");
            }
            catch (ApiException e) when (e.Code == 404)
            {
                _expectations.Missed(key, add: false);
            }
        }));
    }

    private Task<JsonObject?> AdoptAsync(JsonObject owner, JsonObject pod, CancellationToken cancellationToken) =>
        Adoption.AdoptAsync(_client, PodsType, pod, OwnerReferences.For(owner, kind.ApiVersion, kind.Kind), cancellationToken);

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
            await _client.PatchAsync(PodsType, Json.Str(pod, "metadata", "namespace"), Json.Str(pod, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone or changed meanwhile
        }
    }

    private async Task UpdateStatusAsync(string key, JsonObject owner, IReadOnlyList<JsonObject> active, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var status = ReplicaStatus.Compute(owner, active, now);
        if (!ReplicaStatus.SameAs(status, owner["status"]))
        {
            var updated = (JsonObject)owner.DeepClone();
            updated["status"] = status;
            try
            {
                await _client.UpdateStatusAsync(kind.Type, updated, cancellationToken);
            }
            catch (ApiException e) when (e.Code is 404)
            {
                return;
            }
        }

        // Pods ready but not yet available for minReadySeconds: look again when they will be.
        var minReady = Json.Int(owner, "spec", "minReadySeconds") ?? 0;
        if (minReady > 0 && Json.Int(status, "availableReplicas") < Json.Int(status, "readyReplicas"))
        {
            _loop.Queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
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
                _expectations.Observed(key, added: true);
            }
            else if (Json.Str(pod, "metadata", "deletionTimestamp") is not null && Json.Str(old, "metadata", "deletionTimestamp") is null)
            {
                _expectations.Observed(key, added: false);
            }

            _loop.Queue.Add(key);
            if (old is not null && OwnerReferences.Controller(old) is { } previous && Json.Str(previous, "uid") != Json.Str(controller, "uid") && Json.Str(previous, "kind") == kind.Kind)
            {
                _loop.Queue.Add(ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(previous, "name")!));
            }

            return;
        }

        // An orphan: every owner of this kind in its namespace whose selector matches may adopt it.
        foreach (var owner in _owners.Store.ByIndex(Indexers.ByNamespace, Json.Str(pod, "metadata", "namespace") ?? string.Empty))
        {
            var selector = kind.Selector(owner);
            if (!selector.IsEmpty && selector.MatchesObject(pod))
            {
                _loop.Queue.Add(ObjectKeys.Key(owner));
            }
        }
    }

    private void PodDeleted(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is { } controller && Json.Str(controller, "kind") == kind.Kind)
        {
            var key = ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(controller, "name")!);
            if (Json.Str(pod, "metadata", "deletionTimestamp") is null)
            {
                _expectations.Observed(key, added: false);
            }

            _loop.Queue.Add(key);
        }
    }
}
