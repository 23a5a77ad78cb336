using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Client.WorkQueues;
using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Scheduling;

/// <summary>
/// The scheduling loop for one pod key: decide (under the cache lock, against nodes and assumed
/// pods), assume, and hand the binding to a background cycle so the next pod is decided at once.
/// Pods that fit nowhere get PodScheduled=False and a FailedScheduling event, and wait for a
/// cluster event (node added or changed, pod gone) or the periodic retry.
/// </summary>
internal sealed class PodScheduler(
    IApiClient client,
    IInformer pods,
    SchedulerCache cache,
    IWorkQueue queue,
    IEventRecorder events,
    SchedulerOptions options,
    ISpreadSelectors? spreadSelectors = null) : IReconciler, IDisposable
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private readonly Profile _profile = new(spreadSelectors);
    private readonly SemaphoreSlim _bindings = new(options.ConcurrentBindings, options.ConcurrentBindings);
    private readonly ConcurrentDictionary<string, byte> _unschedulable = new(StringComparer.Ordinal);
    private int _start;

    /// <summary>True for pods this scheduler should place.</summary>
    public bool Wants(JsonObject pod) =>
        string.IsNullOrEmpty(pod["spec"]?["nodeName"]?.GetValue<string>())
        && pod["metadata"]?["deletionTimestamp"] is null
        && (pod["spec"]?["schedulerName"]?.GetValue<string>() is not { Length: > 0 } name || name == options.SchedulerName)
        && pod["status"]?["phase"]?.GetValue<string>() is not ("Succeeded" or "Failed");

    /// <summary>Something changed that may make waiting pods fit (upstream's MoveAllToActiveOrBackoffQueue).</summary>
    public void RetryUnschedulable()
    {
        foreach (var key in _unschedulable.Keys)
        {
            queue.Add(key);
        }
    }

    /// <summary>A pod was placed: only waiting pods with required pod affinity can fit because of that (upstream's queueing hint).</summary>
    public void RetryWaitingForPods()
    {
        foreach (var (key, needsPods) in _unschedulable)
        {
            if (needsPods == 1)
            {
                queue.Add(key);
            }
        }
    }

    public void Forget(string key) => _unschedulable.TryRemove(key, out _);

    /// <summary>Waits for bindings in flight (they see the stop token and end quickly).</summary>
    public async Task DrainAsync()
    {
        for (var i = 0; i < options.ConcurrentBindings; i++)
        {
            await _bindings.WaitAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _bindings.Dispose();

    public async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (pods.Store.Get(key) is not { } pod || !Wants(pod))
        {
            _unschedulable.TryRemove(key, out _);
            return;
        }

        var info = PodInfo.From(key, pod);
        Decision decision;
        lock (cache.Gate)
        {
            cache.ApplyPosted();
            if (cache.IsPlaced(key))
            {
                _unschedulable.TryRemove(key, out _);
                return; // assumed already, or bound by someone else
            }

            decision = Placement.Decide(info, cache, _profile, ref _start, options.Parallelism);
            if (decision.Node is { } chosen)
            {
                cache.Assume(info, chosen);
            }
        }

        if (decision.Node is null)
        {
            _unschedulable[key] = info.Affinity is { RequiredAffinity.Count: > 0 } ? (byte)1 : (byte)0;
            await ReportUnschedulableAsync(pod, decision.FailureMessage(), cancellationToken);
            return;
        }

        _unschedulable.TryRemove(key, out _);
        await _bindings.WaitAsync(cancellationToken);
        _ = BindAsync(key, pod, decision.Node, cancellationToken);
    }

    private async Task BindAsync(string key, JsonObject pod, string node, CancellationToken cancellationToken)
    {
        var ns = pod["metadata"]?["namespace"]?.GetValue<string>();
        var name = pod["metadata"]?["name"]?.GetValue<string>()!;
        try
        {
            var binding = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Binding",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = pod["metadata"]?["uid"]?.GetValue<string>() },
                ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
            };
            await client.CreateSubresourceAsync(Pods, ns, name, "binding", binding, cancellationToken);
            events.Record(pod, EventType.Normal, "Scheduled", $"Successfully assigned {ns}/{name} to {node}");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            cache.Forget(key);
            queue.AddRateLimited(key);
        }
        catch (OperationCanceledException)
        {
            cache.Forget(key);
        }
        finally
        {
            _bindings.Release();
        }
    }

    private async Task ReportUnschedulableAsync(JsonObject pod, string message, CancellationToken cancellationToken)
    {
        events.Record(pod, EventType.Warning, "FailedScheduling", message);
        var conditions = pod["status"]?["conditions"] as JsonArray ?? [];
        var current = conditions.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "PodScheduled");
        if (current?["status"]?.GetValue<string>() == "False" && current["message"]?.GetValue<string>() == message)
        {
            return;
        }

        var updated = (JsonObject)pod.DeepClone();
        var status = updated["status"] as JsonObject ?? new JsonObject();
        updated["status"] = status;
        status["phase"] ??= "Pending";
        var list = new JsonArray();
        foreach (var c in conditions.Where(c => c?["type"]?.GetValue<string>() != "PodScheduled"))
        {
            list.Add(c?.DeepClone());
        }

        list.Add((JsonNode)new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = "Unschedulable",
            ["message"] = message,
        });
        status["conditions"] = list;
        try
        {
            await client.UpdateStatusAsync(Pods, updated, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // deleted or changed meanwhile; the informer event brings it back
        }
    }
}
