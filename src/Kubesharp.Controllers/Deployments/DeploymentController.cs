using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.Deployments;

/// <summary>
/// Rolls a Deployment's pods from old templates to the current one through ReplicaSets: one per
/// template (named by its hash), RollingUpdate within maxSurge/maxUnavailable or Recreate, revision
/// annotations for <c>kubectl rollout history/undo</c>, history cleanup, pause, progress deadline,
/// and the status <c>kubectl rollout status</c> reads.
/// </summary>
internal sealed class DeploymentController(int workers) : ReconcilingController("deployment-controller", "Kubesharp.Controllers.Deployment", workers)
{
    private static readonly ResourceType Deployments = BuiltInResources.Get("apps", "deployments");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");
    private IInformer _deployments = null!;
    private IInformer _replicaSets = null!;
    private IEventRecorder _events = null!;

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events(Name);
        _deployments = context.Informers.For(Deployments);
        _replicaSets = context.Informers.For(ReplicaSets);
        _deployments.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _replicaSets.AddHandler(new InformerHandler
        {
            OnAdd = EnqueueOwner,
            OnUpdate = (_, rs) => EnqueueOwner(rs),
            OnDelete = EnqueueOwner,
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_deployments.Store.Get(key) is not { } deployment || Json.Str(deployment, "metadata", "deletionTimestamp") is not null)
        {
            return;
        }

        var uid = Json.Str(deployment, "metadata", "uid")!;
        var ns = Json.Str(deployment, "metadata", "namespace")!;
        var owned = _replicaSets.Store.ByIndex(Indexers.ByOwnerUid, uid).Where(rs => OwnerReferences.IsControlledBy(rs, uid)).ToList();
        var replicas = (int)(Json.Int(deployment, "spec", "replicas") ?? 1);
        var template = deployment["spec"]?["template"] as JsonObject ?? new JsonObject();
        var hash = TemplateHash.Compute(template, Json.Int(deployment, "status", "collisionCount") ?? 0);
        var newRs = owned.FirstOrDefault(rs => Json.Str(rs, "metadata", "labels", TemplateHash.Label) == hash);
        var olds = owned.Where(rs => rs != newRs).OrderBy(ReplicaSetNaming.Revision).ToList();
        var recreate = Json.Str(deployment, "spec", "strategy", "type") == "Recreate";
        var (surge, unavailable) = recreate ? (0, replicas) : RolloutMath.Resolve(
            Json.Str(deployment, "spec", "strategy", "rollingUpdate", "maxSurge") ?? IntOrString(deployment, "maxSurge"),
            Json.Str(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable") ?? IntOrString(deployment, "maxUnavailable"),
            replicas);
        var paused = deployment["spec"]?["paused"] is JsonValue p && p.TryGetValue<bool>(out var isPaused) && isPaused;
        var progress = ("ReplicaSetUpdated", newRs is null ? string.Empty : $"ReplicaSet \"{Json.Str(newRs, "metadata", "name")}\" is progressing.");

        if (paused)
        {
            progress = ("DeploymentPaused", "Deployment is paused");
        }
        else
        {
            var maxRevision = owned.Select(ReplicaSetNaming.Revision).DefaultIfEmpty(0).Max();
            if (newRs is null)
            {
                var initial = recreate ? (olds.Any(HasPods) ? 0 : replicas) : RolloutMath.NewReplicaSetTarget(replicas, surge, olds.Sum(SpecReplicas), 0);
                newRs = await CreateReplicaSetAsync(deployment, hash, initial, maxRevision + 1, replicas + surge, cancellationToken);
                progress = ("NewReplicaSetCreated", $"Created new replica set \"{Json.Str(newRs, "metadata", "name")}\"");
            }
            else if (ReplicaSetNaming.Revision(newRs) < maxRevision)
            {
                // A rollback to an older template: that ReplicaSet becomes the newest revision again.
                newRs = await PatchReplicaSetAsync(newRs, null, maxRevision + 1, replicas, replicas + surge, cancellationToken);
            }

            if (Json.Str(deployment, "metadata", "annotations", ReplicaSetNaming.ChangeCauseAnnotation) is { } cause
                && Json.Str(newRs, "metadata", "annotations", ReplicaSetNaming.ChangeCauseAnnotation) != cause)
            {
                // `kubectl rollout history` reads the cause from the ReplicaSet; keep it in step.
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ReplicaSetNaming.ChangeCauseAnnotation] = cause } } };
                newRs = await Client.PatchAsync(ReplicaSets, ns, Json.Str(newRs, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
            }

            if (recreate)
            {
                await RecreateAsync(deployment, newRs, olds, replicas, cancellationToken);
            }
            else
            {
                await RollAsync(deployment, newRs, olds, replicas, surge, unavailable, cancellationToken);
            }

            await CleanUpHistoryAsync(deployment, olds, cancellationToken);
            progress = Progress(deployment, newRs, olds, replicas, progress);
        }

        await WriteStatusAsync(deployment, newRs, owned.Where(rs => rs != newRs).Append(newRs).OfType<JsonObject>().ToList(), unavailable, progress, cancellationToken);
        await AnnotateRevisionAsync(deployment, newRs, cancellationToken);
    }

    private async Task RollAsync(JsonObject deployment, JsonObject newRs, IReadOnlyList<JsonObject> olds, int replicas, int surge, int unavailable, CancellationToken cancellationToken)
    {
        var total = olds.Sum(SpecReplicas) + SpecReplicas(newRs);
        var target = RolloutMath.NewReplicaSetTarget(replicas, surge, total, SpecReplicas(newRs));
        if (target != SpecReplicas(newRs))
        {
            await ScaleAsync(deployment, newRs, target, replicas + surge, cancellationToken);
            total += target - SpecReplicas(newRs);
        }

        var budget = RolloutMath.OldScaleDownBudget(replicas, unavailable, target, (int)(Json.Int(newRs, "status", "availableReplicas") ?? 0), total);
        foreach (var old in olds.Where(o => SpecReplicas(o) > 0))
        {
            if (budget <= 0)
            {
                break;
            }

            var down = Math.Min(budget, SpecReplicas(old));
            await ScaleAsync(deployment, old, SpecReplicas(old) - down, replicas + surge, cancellationToken);
            budget -= down;
        }
    }

    private async Task RecreateAsync(JsonObject deployment, JsonObject newRs, IReadOnlyList<JsonObject> olds, int replicas, CancellationToken cancellationToken)
    {
        foreach (var old in olds.Where(o => SpecReplicas(o) > 0))
        {
            await ScaleAsync(deployment, old, 0, replicas, cancellationToken);
        }

        // Only once every old pod is gone does the new template start (Recreate's promise).
        if (!olds.Any(HasPods) && SpecReplicas(newRs) != replicas)
        {
            await ScaleAsync(deployment, newRs, replicas, replicas, cancellationToken);
        }
    }

    private async Task<JsonObject> CreateReplicaSetAsync(JsonObject deployment, string hash, int replicas, long revision, int maxReplicas, CancellationToken cancellationToken)
    {
        var rs = ReplicaSetNaming.NewReplicaSet(deployment, hash, replicas, revision, maxReplicas);
        try
        {
            var created = await Client.CreateAsync(ReplicaSets, Json.Str(deployment, "metadata", "namespace"), rs, cancellationToken);
            _events.Record(deployment, EventType.Normal, "ScalingReplicaSet", $"Scaled up replica set {Json.Str(created, "metadata", "name")} from 0 to {replicas}");
            return created;
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // A ReplicaSet of that name exists but is not ours or holds another template: count a
            // collision so the next hash differs (upstream's collisionCount).
            var status = deployment["status"]?.DeepClone() as JsonObject ?? new JsonObject();
            status["collisionCount"] = (Json.Int(deployment, "status", "collisionCount") ?? 0) + 1;
            var updated = (JsonObject)deployment.DeepClone();
            updated["status"] = status;
            await Client.UpdateStatusAsync(Deployments, updated, cancellationToken);
            throw;
        }
    }

    private async Task ScaleAsync(JsonObject deployment, JsonObject rs, int replicas, int maxReplicas, CancellationToken cancellationToken)
    {
        var from = SpecReplicas(rs);
        await PatchReplicaSetAsync(rs, replicas, null, (int)(Json.Int(deployment, "spec", "replicas") ?? 1), maxReplicas, cancellationToken);
        var direction = replicas > from ? "up" : "down";
        _events.Record(deployment, EventType.Normal, "ScalingReplicaSet", $"Scaled {direction} replica set {Json.Str(rs, "metadata", "name")} from {from} to {replicas}");
    }

    private Task<JsonObject> PatchReplicaSetAsync(JsonObject rs, int? replicas, long? revision, int desired, int maxReplicas, CancellationToken cancellationToken)
    {
        var annotations = new JsonObject
        {
            [ReplicaSetNaming.DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture),
            [ReplicaSetNaming.MaxReplicasAnnotation] = maxReplicas.ToString(CultureInfo.InvariantCulture),
        };
        if (revision is { } r)
        {
            annotations[ReplicaSetNaming.RevisionAnnotation] = r.ToString(CultureInfo.InvariantCulture);
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations, ["resourceVersion"] = Json.Str(rs, "metadata", "resourceVersion") } };
        if (replicas is { } n)
        {
            patch["spec"] = new JsonObject { ["replicas"] = n };
        }

        return Client.PatchAsync(ReplicaSets, Json.Str(rs, "metadata", "namespace"), Json.Str(rs, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
    }

    private async Task CleanUpHistoryAsync(JsonObject deployment, IReadOnlyList<JsonObject> olds, CancellationToken cancellationToken)
    {
        var limit = (int)(Json.Int(deployment, "spec", "revisionHistoryLimit") ?? 10);
        var idle = olds.Where(o => SpecReplicas(o) == 0 && (Json.Int(o, "status", "replicas") ?? 0) == 0 && Json.Str(o, "metadata", "deletionTimestamp") is null).ToList();
        foreach (var rs in idle.Take(Math.Max(idle.Count - limit, 0)))
        {
            try
            {
                await Client.DeleteAsync(ReplicaSets, Json.Str(rs, "metadata", "namespace"), Json.Str(rs, "metadata", "name")!, null, cancellationToken);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // already gone
            }
        }
    }

    private (string Reason, string Message) Progress(JsonObject deployment, JsonObject newRs, IReadOnlyList<JsonObject> olds, int replicas, (string Reason, string Message) current)
    {
        var name = Json.Str(newRs, "metadata", "name");
        var complete = (Json.Int(newRs, "status", "availableReplicas") ?? 0) >= replicas && SpecReplicas(newRs) == replicas && !olds.Any(HasPods);
        if (complete)
        {
            return ("NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed.");
        }

        var deadline = Json.Int(deployment, "spec", "progressDeadlineSeconds") ?? 600;
        var previous = (deployment["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => Json.Str(c, "type") == "Progressing");
        if (previous is not null && Json.Str(previous, "reason") == "ProgressDeadlineExceeded")
        {
            return ("ProgressDeadlineExceeded", Json.Str(previous, "message")!);
        }

        if (Json.Time(previous, "lastUpdateTime") is { } since && since.AddSeconds(deadline) < Time.GetUtcNow())
        {
            return ("ProgressDeadlineExceeded", $"ReplicaSet \"{name}\" has timed out progressing.");
        }

        // Look again at the deadline, so it is noticed even when nothing else changes.
        Loop.Queue.AddAfter(ObjectKeys.Key(deployment), TimeSpan.FromSeconds(Math.Min(deadline, 60)));
        return current.Reason == "NewReplicaSetCreated" ? current : ("ReplicaSetUpdated", $"ReplicaSet \"{name}\" is progressing.");
    }

    private async Task WriteStatusAsync(JsonObject deployment, JsonObject? newRs, IReadOnlyList<JsonObject> all, int unavailable, (string Reason, string Message) progress, CancellationToken cancellationToken)
    {
        var status = DeploymentStatus.Compute(deployment, newRs, all, unavailable, progress.Reason, progress.Message, Time.GetUtcNow());
        var current = deployment["status"] as JsonObject;
        if (current is not null && SameIgnoringTimes(status, current))
        {
            return;
        }

        var updated = (JsonObject)deployment.DeepClone();
        updated["status"] = status;
        await Client.UpdateStatusAsync(Deployments, updated, cancellationToken);
    }

    private async Task AnnotateRevisionAsync(JsonObject deployment, JsonObject? newRs, CancellationToken cancellationToken)
    {
        if (newRs is null)
        {
            return;
        }

        var revision = Json.Str(newRs, "metadata", "annotations", ReplicaSetNaming.RevisionAnnotation);
        if (revision is null || Json.Str(deployment, "metadata", "annotations", ReplicaSetNaming.RevisionAnnotation) == revision)
        {
            return;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ReplicaSetNaming.RevisionAnnotation] = revision } } };
        await Client.PatchAsync(Deployments, Json.Str(deployment, "metadata", "namespace"), Json.Str(deployment, "metadata", "name")!, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
    }

    private static bool SameIgnoringTimes(JsonObject computed, JsonObject current)
    {
        var a = (JsonObject)computed.DeepClone();
        var b = (JsonObject)current.DeepClone();
        foreach (var side in new[] { a, b })
        {
            foreach (var c in side["conditions"] as JsonArray ?? [])
            {
                (c as JsonObject)?.Remove("lastUpdateTime");
                (c as JsonObject)?.Remove("lastTransitionTime");
            }
        }

        return JsonNode.DeepEquals(Normalize(a), Normalize(b));
    }

    private static JsonNode Normalize(JsonObject status) => JsonNode.Parse(status.ToJsonString())!;

    private static string? IntOrString(JsonObject deployment, string field) =>
        Json.Int(deployment, "spec", "strategy", "rollingUpdate", field)?.ToString(CultureInfo.InvariantCulture);

    private static int SpecReplicas(JsonObject rs) => (int)(Json.Int(rs, "spec", "replicas") ?? 0);

    private static bool HasPods(JsonObject rs) => SpecReplicas(rs) > 0 || (Json.Int(rs, "status", "replicas") ?? 0) > 0;

    private void EnqueueOwner(JsonObject rs)
    {
        if (OwnerReferences.Controller(rs) is { } owner && Json.Str(owner, "kind") == "Deployment")
        {
            Loop.Queue.Add(ObjectKeys.Key(Json.Str(rs, "metadata", "namespace"), Json.Str(owner, "name")!));
        }
    }
}
