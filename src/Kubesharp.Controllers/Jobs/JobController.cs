using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.Jobs;

/// <summary>
/// Runs a Job's pods to completion: up to parallelism at a time until completions succeed, with
/// exponential back-off after failures, failing the Job past backoffLimit or activeDeadlineSeconds,
/// and deleting finished Jobs after ttlSecondsAfterFinished.
/// </summary>
internal sealed class JobController(ControllerManagerOptions options) : ReconcilingController("job-controller", "Kubesharp.Controllers.Job", options.Workers)
{
    private static readonly ResourceType Jobs = BuiltInResources.Get("batch", "jobs");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private readonly ConcurrentDictionary<string, (long Failed, DateTimeOffset At)> _lastFailure = new(StringComparer.Ordinal);
    private IInformer _jobs = null!;
    private IInformer _pods = null!;
    private IEventRecorder _events = null!;
    private Expectations _expectations = null!;

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events(Name);
        _expectations = new Expectations(Time);
        _jobs = context.Informers.For(Jobs);
        _pods = context.Informers.For(PodsType);
        _jobs.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _pods.AddHandler(new InformerHandler { OnAdd = p => EnqueueOwner(p, added: true), OnUpdate = (_, p) => EnqueueOwner(p, added: false), OnDelete = p => EnqueueOwner(p, added: false) });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_jobs.Store.Get(key) is not { } job || Json.Str(job, "metadata", "deletionTimestamp") is not null)
        {
            _lastFailure.TryRemove(key, out _);
            _expectations.Forget(key);
            return;
        }

        var now = Time.GetUtcNow();
        if (JobState.Finished(job) is not null)
        {
            await ExpireAsync(key, job, now, cancellationToken);
            return;
        }

        // Expectations before the cache (upstream's order): pods the last pass created but the informer
        // has not shown yet must not be created again, or the Job runs more than its parallelism.
        var needsSync = _expectations.Satisfied(key);
        if (!needsSync)
        {
            Loop.Queue.AddAfter(key, Expectations.Timeout); // in case the events it waits for never come
        }

        var uid = Json.Str(job, "metadata", "uid")!;
        var pods = _pods.Store.ByIndex(Indexers.ByOwnerUid, uid).Where(p => OwnerReferences.IsControlledBy(p, uid)).ToList();
        var active = pods.Where(Pods.IsActive).ToList();
        var succeeded = pods.Count(p => Json.Str(p, "status", "phase") == "Succeeded");
        var failed = pods.Count(p => Json.Str(p, "status", "phase") == "Failed");
        var status = (JsonObject)(job["status"]?.DeepClone() ?? new JsonObject());
        var suspended = job["spec"]?["suspend"] is JsonValue s && s.TryGetValue<bool>(out var isSuspended) && isSuspended;
        if (!suspended)
        {
            status["startTime"] ??= Json.Stamp(now);
        }

        var spec = new JobSpecView(job);
        var failure = failed > spec.BackoffLimit ? ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
            : spec.ActiveDeadline is { } deadline && Json.Time(status, "startTime") is { } started && started + deadline <= now ? ("DeadlineExceeded", "Job was active longer than specified deadline")
            : ((string, string)?)null;
        var complete = spec.Completions is { } completions ? succeeded >= completions : succeeded > 0 && active.Count == 0;

        if (failure is { } why)
        {
            await DeleteAllAsync(active, cancellationToken);
            active = [];
            JobState.SetCondition(status, "FailureTarget", why.Item1, why.Item2, now);
            JobState.SetCondition(status, "Failed", why.Item1, why.Item2, now);
            _events.Record(job, EventType.Warning, why.Item1, why.Item2);
        }
        else if (complete)
        {
            await DeleteAllAsync(active, cancellationToken);
            active = [];
            JobState.SetCondition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now);
            JobState.SetCondition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now);
            status["completionTime"] = Json.Stamp(now);
            _events.Record(job, EventType.Normal, "Completed", "Job completed");
        }
        else if (suspended)
        {
            await DeleteAllAsync(active, cancellationToken);
            active = [];
        }
        else
        {
            var want = Math.Min(spec.Parallelism, (spec.Completions ?? spec.Parallelism) - succeeded) - active.Count;
            if (want > 0 && BackoffRemaining(key, failed, now) is { } wait && wait > TimeSpan.Zero)
            {
                Loop.Queue.AddAfter(key, wait);
            }
            else if (want > 0 && needsSync)
            {
                await CreatePodsAsync(key, job, want, cancellationToken);
            }

            if (spec.ActiveDeadline is { } d && Json.Time(status, "startTime") is { } start)
            {
                Loop.Queue.AddAfter(key, start + d - now + TimeSpan.FromMilliseconds(50));
            }
        }

        status["active"] = active.Count;
        status["succeeded"] = succeeded;
        status["failed"] = failed;
        status["ready"] = active.Count(Pods.IsReady);
        if (!JsonNode.DeepEquals(status, job["status"]))
        {
            var updated = (JsonObject)job.DeepClone();
            updated["status"] = status;
            await Client.UpdateStatusAsync(Jobs, updated, cancellationToken);
        }
    }

    /// <summary>Upstream's pod-failure back-off: 10 s doubling per failure, at most 6 min, from the latest failure seen.</summary>
    private TimeSpan? BackoffRemaining(string key, long failed, DateTimeOffset now)
    {
        if (failed == 0)
        {
            return null;
        }

        var last = _lastFailure.AddOrUpdate(key, _ => (failed, now), (_, old) => old.Failed == failed ? old : (failed, now));
        var delay = TimeSpan.FromTicks(Math.Min(options.JobBackoffBase.Ticks * (1L << (int)Math.Min(failed - 1, 20)), TimeSpan.FromMinutes(6).Ticks));
        return last.At + delay - now;
    }

    private async Task CreatePodsAsync(string key, JsonObject job, int count, CancellationToken cancellationToken)
    {
        var name = Json.Str(job, "metadata", "name")!;
        var uid = Json.Str(job, "metadata", "uid")!;
        var ns = Json.Str(job, "metadata", "namespace")!;
        var template = (JsonObject)(job["spec"]?["template"]?.DeepClone() ?? new JsonObject());
        var meta = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = meta;
        var labels = meta["labels"] as JsonObject ?? new JsonObject();
        meta["labels"] = labels;
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
        var reference = OwnerReferences.For(job, "batch/v1", "Job");
        _expectations.Expect(key, count);
        for (var i = 0; i < count; i++)
        {
            try
            {
                var created = await Client.CreateAsync(PodsType, ns, PodTemplates.NewPod(template, ns, reference, name + "-"), cancellationToken);
                _events.Record(job, EventType.Normal, "SuccessfulCreate", $"Created pod: {Json.Str(created, "metadata", "name")}");
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                // This pod and those not tried will not appear: stop waiting for them.
                for (var j = i; j < count; j++)
                {
                    _expectations.CreationObserved(key);
                }

                _events.Record(job, EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
                throw;
            }
        }
    }

    private async Task DeleteAllAsync(IEnumerable<JsonObject> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            try
            {
                await Client.DeleteAsync(PodsType, Json.Str(pod, "metadata", "namespace"), Json.Str(pod, "metadata", "name")!, null, cancellationToken);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // gone
            }
        }
    }

    private async Task ExpireAsync(string key, JsonObject job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Json.Int(job, "spec", "ttlSecondsAfterFinished") is not { } ttl || JobState.Finished(job) is not { } finishedAt)
        {
            return;
        }

        var due = finishedAt.AddSeconds(ttl);
        if (due > now)
        {
            Loop.Queue.AddAfter(key, due - now + TimeSpan.FromMilliseconds(50));
            return;
        }

        try
        {
            await Client.DeleteAsync(Jobs, Json.Str(job, "metadata", "namespace"), Json.Str(job, "metadata", "name")!, new DeleteRequest { PropagationPolicy = "Background", PreconditionUid = Json.Str(job, "metadata", "uid") }, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone already
        }
    }

    private void EnqueueOwner(JsonObject pod, bool added)
    {
        if (OwnerReferences.Controller(pod) is { } owner && Json.Str(owner, "kind") == "Job")
        {
            var key = ObjectKeys.Key(Json.Str(pod, "metadata", "namespace"), Json.Str(owner, "name")!);
            if (added)
            {
                _expectations.CreationObserved(key);
            }

            Loop.Queue.Add(key);
        }
    }
}
