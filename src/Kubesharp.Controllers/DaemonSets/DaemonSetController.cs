using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Deployments;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.DaemonSets;

/// <summary>
/// One pod per eligible node: pods are created with upstream's node affinity on the node's name
/// (the scheduler places them) and its automatic tolerations, removed from nodes that stop being
/// eligible, and replaced one batch of maxUnavailable at a time when the template changes
/// (RollingUpdate; OnDelete leaves that to the user).
/// </summary>
internal sealed class DaemonSetController(int workers) : ReconcilingController("daemonset-controller", "Kubesharp.Controllers.DaemonSet", workers)
{
    public const string RevisionLabel = "controller-revision-hash";
    private static readonly ResourceType DaemonSets = BuiltInResources.Get("apps", "daemonsets");
    private static readonly ResourceType NodesType = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private IInformer _sets = null!;
    private IInformer _nodes = null!;
    private IInformer _pods = null!;
    private IEventRecorder _events = null!;
    private Expectations _expectations = null!;

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events(Name);
        _expectations = new Expectations(context.Time);
        _sets = context.Informers.For(DaemonSets);
        _nodes = context.Informers.For(NodesType);
        _pods = context.Informers.For(PodsType);
        _sets.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _nodes.AddHandler(InformerHandler.ForKeys(_ => EnqueueAll()));
        _pods.AddHandler(new InformerHandler
        {
            OnAdd = p => PodChanged(p, added: true, gone: false),
            OnUpdate = (_, p) => PodChanged(p, added: false, gone: false),
            OnDelete = p => PodChanged(p, added: false, gone: true),
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_sets.Store.Get(key) is not { } ds || Json.Str(ds, "metadata", "deletionTimestamp") is not null)
        {
            _expectations.Forget(key);
            return;
        }

        // Expectations before the cache, as in the ReplicaSet controller: a pod created by the last
        // pass but not yet seen would otherwise get a twin on its node.
        var needsSync = _expectations.Satisfied(key);
        if (!needsSync)
        {
            Loop.Queue.AddAfter(key, Expectations.Timeout); // in case the events it waits for never come
        }

        var uid = Json.Str(ds, "metadata", "uid")!;
        var template = ds["spec"]?["template"] as JsonObject ?? new JsonObject();
        var hash = TemplateHash.Compute(template, 0);
        var pods = _pods.Store.ByIndex(Indexers.ByOwnerUid, uid).Where(p => OwnerReferences.IsControlledBy(p, uid) && Pods.IsActive(p)).ToList();
        var byNode = pods.GroupBy(DaemonPods.TargetNode).ToDictionary(g => g.Key ?? string.Empty, g => g.ToList(), StringComparer.Ordinal);
        var eligible = _nodes.Store.List().Where(n => DaemonPods.Eligible(template, n)).Select(n => Json.Str(n, "metadata", "name")!).ToHashSet(StringComparer.Ordinal);
        if (needsSync)
        {
            await ManageAsync(key, ds, template, hash, byNode, eligible, cancellationToken);
        }

        await WriteStatusAsync(ds, eligible, byNode, hash, cancellationToken);
    }

    private async Task ManageAsync(string key, JsonObject ds, JsonObject template, string hash, Dictionary<string, List<JsonObject>> byNode, HashSet<string> eligible, CancellationToken cancellationToken)
    {
        var missing = eligible.Where(n => !byNode.ContainsKey(n)).ToList();

        // Pods on nodes no longer eligible, and duplicates on one node, go.
        var victims = byNode.Where(g => !eligible.Contains(g.Key)).SelectMany(g => g.Value)
            .Concat(byNode.Where(g => eligible.Contains(g.Key)).SelectMany(g => g.Value.OrderByDescending(p => Json.Str(p, "metadata", "labels", RevisionLabel) == hash).Skip(1)))
            .ToList();
        if (Json.Str(ds, "spec", "updateStrategy", "type") != "OnDelete")
        {
            var maxUnavailable = (int)(Json.Int(ds, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable") ?? 1);
            var current = byNode.Where(g => eligible.Contains(g.Key)).Select(g => g.Value[0]).ToList();
            var unavailable = eligible.Count - current.Count(Pods.IsReady);
            var old = current.Where(p => Json.Str(p, "metadata", "labels", RevisionLabel) != hash).OrderBy(Pods.IsReady).ToList();
            victims.AddRange(old.Take(Math.Max(0, maxUnavailable - unavailable) + old.Count(p => !Pods.IsReady(p))));
        }

        victims = victims.DistinctBy(ObjectKeys.Key).ToList();
        _expectations.Expect(key, missing.Count, victims.Select(ObjectKeys.Key));
        for (var i = 0; i < missing.Count; i++)
        {
            try
            {
                var created = await Client.CreateAsync(PodsType, Json.Str(ds, "metadata", "namespace"), DaemonPods.NewPod(ds, template, missing[i], hash), cancellationToken);
                _events.Record(ds, EventType.Normal, "SuccessfulCreate", $"Created pod: {Json.Str(created, "metadata", "name")}");
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                // This pod and the ones not tried will not appear: stop waiting for them.
                for (var j = i; j < missing.Count; j++)
                {
                    _expectations.CreationObserved(key);
                }

                _events.Record(ds, EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
                foreach (var pod in victims)
                {
                    _expectations.DeletionObserved(key, ObjectKeys.Key(pod));
                }

                throw;
            }
        }

        await DeleteAsync(key, ds, victims, cancellationToken);
    }

    private async Task WriteStatusAsync(JsonObject ds, HashSet<string> eligible, Dictionary<string, List<JsonObject>> byNode, string hash, CancellationToken cancellationToken)
    {
        var scheduled = byNode.Where(g => eligible.Contains(g.Key)).Select(g => g.Value[0]).ToList();
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = scheduled.Count,
            ["desiredNumberScheduled"] = eligible.Count,
            ["numberMisscheduled"] = byNode.Count(g => !eligible.Contains(g.Key)),
            ["numberReady"] = scheduled.Count(Pods.IsReady),
            ["updatedNumberScheduled"] = scheduled.Count(p => Json.Str(p, "metadata", "labels", RevisionLabel) == hash),
            ["numberAvailable"] = scheduled.Count(Pods.IsReady),
            ["numberUnavailable"] = eligible.Count - scheduled.Count(Pods.IsReady),
            ["observedGeneration"] = Json.Int(ds, "metadata", "generation") ?? 0,
        };
        if (ReplicaSets.ReplicaStatus.SameAs(status, ds["status"]))
        {
            return;
        }

        var updated = (JsonObject)ds.DeepClone();
        updated["status"] = status;
        try
        {
            await Client.UpdateStatusAsync(DaemonSets, updated, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // changed meanwhile: its event brings the key back
        }
    }

    private async Task DeleteAsync(string key, JsonObject ds, IReadOnlyList<JsonObject> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            try
            {
                await Client.DeleteAsync(PodsType, Json.Str(pod, "metadata", "namespace"), Json.Str(pod, "metadata", "name")!, null, cancellationToken);
                _events.Record(ds, EventType.Normal, "SuccessfulDelete", $"Deleted pod: {Json.Str(pod, "metadata", "name")}");
            }
            catch (ApiException e) when (e.Code == 404)
            {
                _expectations.DeletionObserved(key, ObjectKeys.Key(pod)); // gone
            }
        }
    }

    private void EnqueueAll()
    {
        foreach (var ds in _sets.Store.List())
        {
            Loop.Queue.Add(ObjectKeys.Key(ds));
        }
    }

    private void PodChanged(JsonObject pod, bool added, bool gone)
    {
        if (OwnerReferences.Controller(pod) is { } owner && Json.Str(owner, "kind") == "DaemonSet")
        {
            var key = ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(owner, "name")!);
            if (added)
            {
                _expectations.CreationObserved(key);
            }

            if (gone || Json.Str(pod, "metadata", "deletionTimestamp") is not null)
            {
                _expectations.DeletionObserved(key, ObjectKeys.Key(pod));
            }

            Loop.Queue.Add(key);
        }
    }
}
