using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.LeaderElection;
using Kubesharp.Client.Reconciling;
using Kubesharp.Client.Rest;
using Kubesharp.Client.WorkQueues;
using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Scheduling;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Scheduler;

/// <summary>
/// kube-scheduler: once leader, caches nodes and pods through informers and places every pending
/// pod of its schedulerName on a node through pods/binding, one decision at a time.
/// </summary>
public static class SchedulerHost
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");

    // What default topology spreading reads (upstream's scheduler watches the same four).
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private static readonly ResourceType ReplicationControllers = BuiltInResources.Get("", "replicationcontrollers");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");
    private static readonly ResourceType StatefulSets = BuiltInResources.Get("apps", "statefulsets");

    public static async Task RunAsync(IApiClient client, SchedulerOptions options, ILoggerFactory loggerFactory, Action? ready, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clock = time ?? TimeProvider.System;
        await LeaderElectorFactory.RunWhileLeadingAsync(
            client,
            new LeaderElectionOptions("kube-system", "kube-scheduler", options.Identity),
            options.LeaderElect,
            lead => LeadAsync(client, options, loggerFactory, clock, ready, lead),
            loggerFactory.CreateLogger("Kubesharp.Scheduler.LeaderElection"),
            clock,
            cancellationToken);
    }

    private static async Task LeadAsync(IApiClient client, SchedulerOptions options, ILoggerFactory loggerFactory, TimeProvider time, Action? ready, CancellationToken cancellationToken)
    {
        using var informers = InformerFactory.CreateShared(client, loggerFactory, time);
        var cache = new SchedulerCache(time);
        var queue = WorkQueueFactory.Create(new WorkQueueOptions(RateLimiters.ExponentialFailure(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), time));
        var events = EventRecorders.Create(client, new EventRecorderOptions(options.SchedulerName), cancellationToken, loggerFactory.CreateLogger("Kubesharp.Client.Events"), time);
        var pods = informers.For(Pods);
        var nodes = informers.For(Nodes);
        var namespaces = informers.For(Namespaces);
        var spreadSelectors = new InformerSpreadSelectors(informers.For(Services), informers.For(ReplicationControllers), informers.For(ReplicaSets), informers.For(StatefulSets));
        using var scheduler = new PodScheduler(client, pods, cache, queue, events, options, spreadSelectors);
        nodes.AddHandler(new InformerHandler
        {
            OnAdd = node => { cache.PostNode(ObjectKeys.Key(node), node); scheduler.RetryUnschedulable(); },
            OnUpdate = (_, node) => { cache.PostNode(ObjectKeys.Key(node), node); scheduler.RetryUnschedulable(); },
            OnDelete = node => cache.PostNode(ObjectKeys.Key(node), null),
        });
        namespaces.AddHandler(new InformerHandler
        {
            OnAdd = ns => cache.PostNamespace(ObjectKeys.Key(ns), ns),
            OnUpdate = (_, ns) => { cache.PostNamespace(ObjectKeys.Key(ns), ns); scheduler.RetryUnschedulable(); },
            OnDelete = ns => cache.PostNamespace(ObjectKeys.Key(ns), null),
        });
        pods.AddHandler(new InformerHandler
        {
            OnAdd = pod => PodChanged(null, pod),
            OnUpdate = PodChanged,
            OnDelete = pod =>
            {
                var key = ObjectKeys.Key(pod);
                cache.PostPod(key, null);
                scheduler.Forget(key);
                scheduler.RetryUnschedulable();
            },
        });

        void PodChanged(System.Text.Json.Nodes.JsonObject? old, System.Text.Json.Nodes.JsonObject pod)
        {
            var key = ObjectKeys.Key(pod);
            if (scheduler.Wants(pod))
            {
                queue.Add(key);
            }
            else
            {
                cache.PostPod(key, pod);
                if (!IsBound(old) && IsBound(pod))
                {
                    scheduler.RetryWaitingForPods(); // a pod with affinity to it may fit now
                }

                if (pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed")
                {
                    scheduler.RetryUnschedulable(); // its resources are free again
                }
            }
        }

        static bool IsBound(System.Text.Json.Nodes.JsonObject? pod) => pod?["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 };

        var caches = informers.RunAsync(cancellationToken);
        await informers.WaitForSyncAsync(cancellationToken);
        ready?.Invoke();
        var housekeeping = HousekeepAsync(cache, scheduler, options, time, cancellationToken);
        try
        {
            // One worker: decisions are sequential so each sees the previous one's assumed pod.
            await ReconcileWorkers.RunAsync(queue, scheduler, new ReconcileWorkerOptions("scheduler", 1), loggerFactory.CreateLogger("Kubesharp.Scheduler"), cancellationToken);
            await Task.WhenAll(caches, housekeeping);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped or leadership lost
        }
        finally
        {
            await scheduler.DrainAsync();
        }
    }

    private static async Task HousekeepAsync(SchedulerCache cache, PodScheduler scheduler, SchedulerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var expire = TimeSpan.FromSeconds(5);
        var sinceRetry = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(expire, time, cancellationToken);
            cache.ApplyPosted(); // also when no pod is waiting, so the backlog does not grow
            cache.ExpireAssumed();
            sinceRetry += expire;
            if (sinceRetry >= options.UnschedulableRetry)
            {
                sinceRetry = TimeSpan.Zero;
                scheduler.RetryUnschedulable();
            }
        }
    }
}
