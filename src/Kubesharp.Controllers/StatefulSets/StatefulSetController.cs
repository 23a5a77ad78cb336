using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.StatefulSets;

/// <summary>
/// StatefulSets as upstream's defaultStatefulSetControl: pods <c>set-N</c> with their claims
/// created before them; OrderedReady creates in ordinal order one at a time (each Running, Ready and
/// available first) and removes from the highest ordinal, Parallel does both at once; the template
/// history lives in ControllerRevisions; RollingUpdate replaces pods from the highest ordinal down to
/// the partition within maxUnavailable (default 1), OnDelete leaves that to the user.
/// </summary>
internal sealed class StatefulSetController(int workers) : ReconcilingController("statefulset-controller", "Kubesharp.Controllers.StatefulSet", workers)
{
    private static readonly ResourceType Sets = BuiltInResources.Get("apps", "statefulsets");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private static readonly ResourceType ClaimsType = BuiltInResources.Get("", "persistentvolumeclaims");
    private IInformer _sets = null!;
    private IInformer _pods = null!;
    private IInformer _revisions = null!;
    private IInformer _claims = null!;
    private IEventRecorder _events = null!;
    private RevisionHistory _history = null!;

    protected override void Watch(ControllerContext context)
    {
        _history = new RevisionHistory(Client);
        _events = context.Events(Name);
        _sets = context.Informers.For(Sets);
        _pods = context.Informers.For(PodsType);
        _revisions = context.Informers.For(RevisionHistory.Revisions);
        _claims = context.Informers.For(ClaimsType);
        _sets.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _pods.AddHandler(new InformerHandler { OnAdd = EnqueueFor, OnUpdate = (_, p) => EnqueueFor(p), OnDelete = EnqueueFor });
        _revisions.AddHandler(new InformerHandler { OnAdd = EnqueueOwner, OnDelete = EnqueueOwner });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_sets.Store.Get(key) is not { } set || StatefulPods.IsTerminating(set))
        {
            return; // the garbage collector removes what a deleted set owned
        }

        var uid = Json.Str(set, "metadata", "uid")!;
        var owned = _revisions.Store.ByIndex(Indexers.ByOwnerUid, uid).Where(r => OwnerReferences.IsControlledBy(r, uid)).ToList();
        var (current, update, collisions) = await _history.ResolveAsync(set, owned, cancellationToken);
        var pods = await MembersAsync(set, uid, cancellationToken);
        var plan = new SyncPlan(set, current, update, pods);
        await SyncAsync(plan, cancellationToken);

        var status = StatefulSetStatus.Compute(set, pods.Values.ToList(), Json.Str(current, "metadata", "name")!, Json.Str(update, "metadata", "name")!, collisions, Time.GetUtcNow());
        await WriteStatusAsync(set, status, cancellationToken);
        var keep = new HashSet<string>(StringComparer.Ordinal) { Json.Str(status, "currentRevision")!, Json.Str(status, "updateRevision")! };
        await _history.TruncateAsync(set, owned, pods.Values.ToList(), keep, cancellationToken);
    }

    private async Task SyncAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var set = plan.Set;
        var minReady = Json.Int(set, "spec", "minReadySeconds") ?? 0;
        var now = Time.GetUtcNow();
        for (var ordinal = plan.Start; ordinal < plan.End; ordinal++)
        {
            plan.Pods.TryGetValue(ordinal, out var pod);
            if (pod is not null && StatefulPods.IsFinished(pod) && !StatefulPods.IsTerminating(pod))
            {
                // A failed (or completed) member is replaced under the same name.
                await DeletePodAsync(set, pod, cancellationToken);
                if (plan.Monotonic)
                {
                    return;
                }

                continue;
            }

            if (pod is null)
            {
                await CreateAsync(plan, ordinal, cancellationToken);
                if (plan.Monotonic)
                {
                    return;
                }

                continue;
            }

            await EnsureClaimsAsync(set, ordinal, cancellationToken);
            if (plan.Monotonic && (StatefulPods.IsTerminating(pod) || !StatefulPods.IsRunningAndReady(pod)))
            {
                return;
            }

            if (plan.Monotonic && !Pods.IsAvailable(pod, minReady, now))
            {
                Loop.Queue.AddAfter(ObjectKeys.Key(set), TimeSpan.FromSeconds(minReady));
                return;
            }
        }

        // Scale down from the highest ordinal; OrderedReady one at a time, each gone before the next.
        foreach (var (_, pod) in plan.Pods.Where(p => p.Key < plan.Start || p.Key >= plan.End).OrderByDescending(p => p.Key))
        {
            if (!StatefulPods.IsTerminating(pod))
            {
                await DeletePodAsync(set, pod, cancellationToken);
            }

            if (plan.Monotonic)
            {
                return;
            }
        }

        await DeleteScaledClaimsAsync(plan, cancellationToken);
        if (Json.Str(set, "spec", "updateStrategy", "type") == "OnDelete")
        {
            return;
        }

        await RollAsync(plan, minReady, now, cancellationToken);
    }

    /// <summary>Replaces pods of older revisions from the highest ordinal down to the partition, at most maxUnavailable unhealthy at once.</summary>
    private async Task RollAsync(SyncPlan plan, long minReady, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updateMin = plan.Start + (int)(Json.Int(plan.Set, "spec", "updateStrategy", "rollingUpdate", "partition") ?? 0);
        var updateName = Json.Str(plan.Update, "metadata", "name");
        var inRange = Enumerable.Range(Math.Max(updateMin, plan.Start), Math.Max(0, plan.End - Math.Max(updateMin, plan.Start))).ToList();
        var unhealthy = inRange.Count(o => !plan.Pods.TryGetValue(o, out var p) || StatefulPods.IsTerminating(p) || !StatefulPods.IsRunningAndReady(p) || !Pods.IsAvailable(p, minReady, now));
        var budget = MaxUnavailable(plan.Set, plan.End - plan.Start) - unhealthy;
        foreach (var ordinal in Enumerable.Reverse(inRange))
        {
            if (budget <= 0)
            {
                return;
            }

            if (plan.Pods.TryGetValue(ordinal, out var pod) && StatefulPods.Revision(pod) != updateName && !StatefulPods.IsTerminating(pod))
            {
                var healthy = StatefulPods.IsRunningAndReady(pod) && Pods.IsAvailable(pod, minReady, now);
                await DeletePodAsync(plan.Set, pod, cancellationToken);
                budget -= healthy ? 1 : 0;
            }
        }
    }

    private static int MaxUnavailable(JsonObject set, int replicas)
    {
        var value = set["spec"]?["updateStrategy"]?["rollingUpdate"]?["maxUnavailable"];
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.EndsWith('%')
            && int.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var percent))
        {
            return Math.Max(1, percent * replicas / 100);
        }

        return Math.Max(1, (int)(Json.Int(value) ?? 1));
    }

    private async Task CreateAsync(SyncPlan plan, int ordinal, CancellationToken cancellationToken)
    {
        var set = plan.Set;
        await EnsureClaimsAsync(set, ordinal, cancellationToken);
        var partition = Json.Int(set, "spec", "updateStrategy", "rollingUpdate", "partition");
        var fromCurrent = partition is { } p && ordinal < plan.Start + p;
        var revision = fromCurrent ? plan.Current : plan.Update;
        var template = fromCurrent ? RevisionHistory.Template(plan.Current) : set["spec"]?["template"] as JsonObject ?? [];
        var pod = StatefulPods.NewPod(set, template, ordinal, Json.Str(revision, "metadata", "name")!);
        var name = Json.Str(pod, "metadata", "name");
        try
        {
            await Client.CreateAsync(PodsType, Json.Str(set, "metadata", "namespace"), pod, cancellationToken);
            _events.Record(set, EventType.Normal, "SuccessfulCreate", $"create Pod {name} in StatefulSet {Json.Str(set, "metadata", "name")} successful");
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // created already; the cache has not seen it yet
        }
        catch (ApiException e)
        {
            _events.Record(set, EventType.Warning, "FailedCreate", $"create Pod {name} in StatefulSet {Json.Str(set, "metadata", "name")} failed error: {e.Message}");
            throw;
        }
    }

    private async Task EnsureClaimsAsync(JsonObject set, int ordinal, CancellationToken cancellationToken)
    {
        foreach (var claim in StatefulPods.Claims(set, ordinal))
        {
            if (_claims.Store.Get(ObjectKeys.Key(claim)) is not null)
            {
                continue;
            }

            var name = Json.Str(claim, "metadata", "name");
            var setName = Json.Str(set, "metadata", "name");
            try
            {
                await Client.CreateAsync(ClaimsType, Json.Str(set, "metadata", "namespace"), claim, cancellationToken);
                _events.Record(set, EventType.Normal, "SuccessfulCreate", $"create Claim {name} Pod {StatefulPods.PodName(setName!, ordinal)} in StatefulSet {setName} success");
            }
            catch (ApiException e) when (e.Code == 409)
            {
                // exists; the cache has not seen it yet
            }
            catch (ApiException e)
            {
                _events.Record(set, EventType.Warning, "FailedCreate", $"create Claim {name} for Pod {StatefulPods.PodName(setName!, ordinal)} in StatefulSet {setName} failed error: {e.Message}");
                throw;
            }
        }
    }

    /// <summary>whenScaled: Delete removes the claims of ordinals scaled away once their pods are gone.</summary>
    private async Task DeleteScaledClaimsAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var set = plan.Set;
        if (Json.Str(set, "spec", "persistentVolumeClaimRetentionPolicy", "whenScaled") != "Delete")
        {
            return;
        }

        var setName = Json.Str(set, "metadata", "name")!;
        var templates = (set["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).Select(t => Json.Str(t, "metadata", "name")).OfType<string>().ToList();
        foreach (var claim in _claims.Store.ByIndex(Indexers.ByNamespace, Json.Str(set, "metadata", "namespace")!))
        {
            var claimName = Json.Str(claim, "metadata", "name")!;
            var ordinal = templates.Select(t => claimName.StartsWith(t + "-", StringComparison.Ordinal) ? StatefulPods.Ordinal(setName, claimName[(t.Length + 1)..]) : null).FirstOrDefault(o => o is not null);
            if (ordinal is { } o && (o < plan.Start || o >= plan.End) && !plan.Pods.ContainsKey(o) && Json.Str(claim, "metadata", "deletionTimestamp") is null)
            {
                try
                {
                    await Client.DeleteAsync(ClaimsType, Json.Str(claim, "metadata", "namespace"), claimName, new DeleteRequest { PreconditionUid = Json.Str(claim, "metadata", "uid") }, cancellationToken);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    // gone or replaced meanwhile
                }
            }
        }
    }

    private async Task DeletePodAsync(JsonObject set, JsonObject pod, CancellationToken cancellationToken)
    {
        var name = Json.Str(pod, "metadata", "name")!;
        try
        {
            // By uid: a stale cache never deletes the replacement that took the same name.
            await Client.DeleteAsync(PodsType, Json.Str(pod, "metadata", "namespace"), name, new DeleteRequest { PreconditionUid = Json.Str(pod, "metadata", "uid") }, cancellationToken);
            _events.Record(set, EventType.Normal, "SuccessfulDelete", $"delete Pod {name} in StatefulSet {Json.Str(set, "metadata", "name")} successful");
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone or replaced meanwhile
        }
    }

    /// <summary>The set's pods by ordinal: those it controls, plus matching orphans named as members, which it adopts.</summary>
    private async Task<Dictionary<int, JsonObject>> MembersAsync(JsonObject set, string uid, CancellationToken cancellationToken)
    {
        var setName = Json.Str(set, "metadata", "name")!;
        var selector = set["spec"]?["selector"] is JsonObject s ? LabelSelector.FromObject(s) : LabelSelector.Nothing;
        var members = new Dictionary<int, JsonObject>();
        foreach (var pod in _pods.Store.ByIndex(Indexers.ByNamespace, Json.Str(set, "metadata", "namespace")!))
        {
            if (StatefulPods.Ordinal(setName, Json.Str(pod, "metadata", "name")) is not { } ordinal)
            {
                continue;
            }

            var controller = OwnerReferences.Controller(pod);
            if (controller is not null && Json.Str(controller, "uid") == uid)
            {
                members[ordinal] = pod;
            }
            else if (controller is null && !selector.IsEmpty && selector.MatchesObject(pod) && await Adoption.AdoptAsync(Client, PodsType, pod, OwnerReferences.For(set, "apps/v1", "StatefulSet"), cancellationToken) is { } adopted)
            {
                members[ordinal] = adopted;
            }
        }

        return members;
    }

    private async Task WriteStatusAsync(JsonObject set, JsonObject status, CancellationToken cancellationToken)
    {
        if (ReplicaSets.ReplicaStatus.SameAs(status, set["status"]))
        {
            return;
        }

        var updated = (JsonObject)set.DeepClone();
        updated["status"] = status;
        try
        {
            await Client.UpdateStatusAsync(Sets, updated, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // changed meanwhile: its event brings the key back
        }
    }

    private void EnqueueOwner(JsonObject obj)
    {
        if (OwnerReferences.Controller(obj) is { } owner && Json.Str(owner, "kind") == "StatefulSet")
        {
            Loop.Queue.Add(ObjectKeys.Key(Json.Str(obj, "metadata", "namespace"), Json.Str(owner, "name")!));
        }
    }

    private void EnqueueFor(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is not null)
        {
            EnqueueOwner(pod);
            return;
        }

        // An orphan: a set in its namespace whose member name it has may adopt it.
        foreach (var set in _sets.Store.ByIndex(Indexers.ByNamespace, Json.Str(pod, "metadata", "namespace") ?? string.Empty))
        {
            if (StatefulPods.Ordinal(Json.Str(set, "metadata", "name")!, Json.Str(pod, "metadata", "name")) is not null)
            {
                Loop.Queue.Add(ObjectKeys.Key(set));
            }
        }
    }
}
