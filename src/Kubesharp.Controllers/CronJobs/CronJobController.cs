using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Jobs;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.CronJobs;

/// <summary>
/// Starts a Job for each scheduled time of a CronJob (in spec.timeZone), honouring suspend,
/// concurrencyPolicy (Allow, Forbid, Replace) and startingDeadlineSeconds, runs only the latest of
/// missed times (warning past 100), and keeps the history limits. Jobs are named
/// &lt;cronjob&gt;-&lt;minutes since the epoch&gt;, so a time is never started twice.
/// </summary>
internal sealed class CronJobController(int workers) : ReconcilingController("cronjob-controller", "Kubesharp.Controllers.CronJob", workers)
{
    private static readonly ResourceType CronJobs = BuiltInResources.Get("batch", "cronjobs");
    private static readonly ResourceType JobsType = BuiltInResources.Get("batch", "jobs");
    private IInformer _cronJobs = null!;
    private IInformer _jobs = null!;
    private IEventRecorder _events = null!;

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events(Name);
        _cronJobs = context.Informers.For(CronJobs);
        _jobs = context.Informers.For(JobsType);
        _cronJobs.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _jobs.AddHandler(new InformerHandler { OnAdd = EnqueueOwner, OnUpdate = (_, j) => EnqueueOwner(j), OnDelete = EnqueueOwner });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_cronJobs.Store.Get(key) is not { } cj || Json.Str(cj, "metadata", "deletionTimestamp") is not null)
        {
            return;
        }

        CronSchedule schedule;
        TimeZoneInfo zone;
        try
        {
            schedule = CronSchedule.Parse(Json.Str(cj, "spec", "schedule") ?? string.Empty);
            zone = Json.Str(cj, "spec", "timeZone") is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            _events.Record(cj, EventType.Warning, "InvalidSchedule", $"invalid schedule: {e.Message}");
            throw new TerminalReconcileException(e.Message, e);
        }

        var now = Time.GetUtcNow();
        var uid = Json.Str(cj, "metadata", "uid")!;
        var ns = Json.Str(cj, "metadata", "namespace")!;
        var owned = _jobs.Store.ByIndex(Indexers.ByOwnerUid, uid).Where(j => OwnerReferences.IsControlledBy(j, uid)).ToList();
        var active = owned.Where(j => JobState.Finished(j) is null).ToList();
        var status = (JsonObject)(cj["status"]?.DeepClone() ?? new JsonObject());

        var since = Json.Time(cj, "status", "lastScheduleTime") ?? Json.Time(cj, "metadata", "creationTimestamp") ?? now;
        var (due, missed) = LatestDue(schedule, zone, since, now);
        var suspended = cj["spec"]?["suspend"] is JsonValue s && s.TryGetValue<bool>(out var isSuspended) && isSuspended;
        if (due is { } at && !suspended)
        {
            if (missed > 100)
            {
                _events.Record(cj, EventType.Warning, "TooManyMissedTimes", $"too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
            }

            var deadline = Json.Int(cj, "spec", "startingDeadlineSeconds");
            var policy = Json.Str(cj, "spec", "concurrencyPolicy") ?? "Allow";
            if (deadline is { } d && now - at > TimeSpan.FromSeconds(d))
            {
                _events.Record(cj, EventType.Warning, "MissSchedule", $"Missed scheduled time to start a job: {Json.Stamp(at)}");
            }
            else if (policy == "Forbid" && active.Count > 0)
            {
                _events.Record(cj, EventType.Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            }
            else
            {
                if (policy == "Replace")
                {
                    foreach (var job in active)
                    {
                        await DeleteAsync(job, cancellationToken);
                        _events.Record(cj, EventType.Normal, "SuccessfulDelete", $"Deleted job {Json.Str(job, "metadata", "name")}");
                    }

                    active = [];
                }

                if (await StartAsync(cj, ns, at, cancellationToken) is { } started)
                {
                    active.Add(started);
                }

                status["lastScheduleTime"] = Json.Stamp(at);
            }
        }

        await KeepHistoryAsync(cj, owned, cancellationToken);
        var refs = new JsonArray();
        foreach (var job in active)
        {
            refs.Add((JsonNode)new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = Json.Str(job, "metadata", "name"), ["namespace"] = ns, ["uid"] = Json.Str(job, "metadata", "uid") });
        }

        status["active"] = refs.Count > 0 ? refs : null;
        if (owned.Where(j => Json.Str(j, "status", "completionTime") is not null).Select(j => Json.Time(j, "status", "completionTime")).Max() is { } lastSuccess)
        {
            status["lastSuccessfulTime"] = Json.Stamp(lastSuccess);
        }

        if (!JsonNode.DeepEquals(status, cj["status"] ?? new JsonObject()))
        {
            var updated = (JsonObject)cj.DeepClone();
            updated["status"] = status;
            await Client.UpdateStatusAsync(CronJobs, updated, cancellationToken);
        }

        if (schedule.Next(now, zone) is { } next)
        {
            Loop.Queue.AddAfter(key, next - now + TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The latest scheduled time in (since, now] and how many there were.</summary>
    internal static (DateTimeOffset? Due, int Count) LatestDue(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset since, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        var count = 0;
        for (var t = schedule.Next(since, zone); t is { } at && at <= now && count < 100_000; t = schedule.Next(at, zone))
        {
            latest = at;
            count++;
        }

        return (latest, count);
    }

    private async Task<JsonObject?> StartAsync(JsonObject cj, string ns, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var name = $"{Json.Str(cj, "metadata", "name")}-{(at.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";
        var template = cj["spec"]?["jobTemplate"] as JsonObject ?? new JsonObject();
        var metadata = (JsonObject)(template["metadata"]?.DeepClone() ?? new JsonObject());
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.For(cj, "batch/v1", "CronJob"));
        var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
        metadata["annotations"] = annotations;
        annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var job = new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject() };
        try
        {
            var created = await Client.CreateAsync(JobsType, ns, job, cancellationToken);
            _events.Record(cj, EventType.Normal, "SuccessfulCreate", $"Created job {name}");
            return created;
        }
        catch (ApiException e) when (e.Code == 409)
        {
            return null; // this time was started already
        }
    }

    private async Task KeepHistoryAsync(JsonObject cj, IReadOnlyList<JsonObject> owned, CancellationToken cancellationToken)
    {
        var keepSucceeded = (int)(Json.Int(cj, "spec", "successfulJobsHistoryLimit") ?? 3);
        var keepFailed = (int)(Json.Int(cj, "spec", "failedJobsHistoryLimit") ?? 1);
        foreach (var (failed, keep) in new[] { (false, keepSucceeded), (true, keepFailed) })
        {
            var finished = owned
                .Where(j => JobState.Finished(j) is not null && IsFailed(j) == failed)
                .OrderBy(j => JobState.Finished(j))
                .ToList();
            foreach (var job in finished.Take(Math.Max(0, finished.Count - keep)))
            {
                await DeleteAsync(job, cancellationToken);
            }
        }
    }

    private static bool IsFailed(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Any(c => Json.Str(c, "type") == "Failed" && Json.Str(c, "status") == "True");

    private async Task DeleteAsync(JsonObject job, CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteAsync(JobsType, Json.Str(job, "metadata", "namespace"), Json.Str(job, "metadata", "name")!, new DeleteRequest { PropagationPolicy = "Background" }, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // gone
        }
    }

    private void EnqueueOwner(JsonObject job)
    {
        if (OwnerReferences.Controller(job) is { } owner && Json.Str(owner, "kind") == "CronJob")
        {
            Loop.Queue.Add(ObjectKeys.Key(Json.Str(job, "metadata", "namespace"), Json.Str(owner, "name")!));
        }
    }
}
