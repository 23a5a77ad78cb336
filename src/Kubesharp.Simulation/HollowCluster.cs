using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Nodes;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Simulation;

/// <summary>
/// Hollow nodes: N Node objects that behave, through the API only, like nodes with a kubelet —
/// Lease heartbeats, bound pods reported Running and Ready with an IP, Job pods completing, pods
/// being deleted let go — without running anything. One pod watch, one timer loop and a few
/// status writers serve all nodes, so thousands fit in one process (capacity planning, benchmarks).
/// </summary>
public static partial class HollowCluster
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Leases = BuiltInResources.Get("coordination.k8s.io", "leases");
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Registers the nodes, then serves them until <paramref name="cancellationToken"/> fires; <paramref name="ready"/> once all are registered.</summary>
    public static async Task RunAsync(IApiClient client, HollowOptions options, ILoggerFactory loggerFactory, Action? ready, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = time ?? TimeProvider.System;
        var log = loggerFactory.CreateLogger("Kubesharp.Simulation.HollowCluster");
        var state = new HollowState(options);
        var work = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
        var queued = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        void EnqueueKey(string key)
        {
            if (queued.TryAdd(key, 0))
            {
                work.Writer.TryWrite(key);
            }
        }

        // Nodes heartbeat from the moment they register, as kubelets do: registering thousands takes
        // a while, and the first ones would otherwise go silent past the grace period and be tainted
        // unreachable before the last one exists.
        using var nodes = InformerFactory.Create(client, new InformerOptions(Nodes) { LabelSelector = "kubesharp.io/hollow=true" }, loggerFactory.CreateLogger("Kubesharp.Simulation.Nodes"), clock);
        using var pods = InformerFactory.Create(client, new InformerOptions(Pods), loggerFactory.CreateLogger("Kubesharp.Simulation.Pods"), clock);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchingNodes = nodes.RunAsync(stopping.Token);
        var ticking = TickAsync(client, state, nodes.Store, options, clock, EnqueueKey, log, stopping.Token);
        var watchingPods = Task.CompletedTask;
        var writers = new List<Task>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                await RegisterAsync(client, HollowObjects.Node(options, i, clock.GetUtcNow()), ct);
                await RenewAsync(client, options.NodeName(i), null, clock.GetUtcNow(), log, ct);
                state.MarkRegistered(i);
            });

            void Enqueue(JsonObject pod)
            {
                if (pod["spec"]?["nodeName"]?.GetValue<string>() is { } node && state.IsOurs(node))
                {
                    EnqueueKey(ObjectKeys.Key(pod));
                }
            }

            pods.AddHandler(new InformerHandler { OnAdd = Enqueue, OnUpdate = (_, p) => Enqueue(p), OnDelete = p => state.Forget(ObjectKeys.Key(p)) });
            watchingPods = pods.RunAsync(stopping.Token);
            await pods.WaitForSyncAsync(cancellationToken);
            LogReady(log, options.Count);
            ready?.Invoke();

            writers.AddRange(Enumerable.Range(0, options.StatusWorkers).Select(_ => Task.Run(() => WriteStatusesAsync(client, work.Reader, queued, pods.Store, state, options, clock, EnqueueKey, log, cancellationToken), CancellationToken.None)));
            await ticking;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            await stopping.CancelAsync();
            work.Writer.TryComplete();
            await Task.WhenAll(writers.Append(watchingPods).Append(watchingNodes).Append(ticking).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private static async Task WriteStatusesAsync(IApiClient client, ChannelReader<string> work, ConcurrentDictionary<string, byte> queued, IObjectStore pods, HollowState state, HollowOptions options, TimeProvider clock, Action<string> retry, ILogger log, CancellationToken cancellationToken)
    {
        await foreach (var key in work.ReadAllAsync(cancellationToken))
        {
            queued.TryRemove(key, out byte _);
            try
            {
                await ServePodAsync(client, pods.Get(key), state, options, clock, cancellationToken);
            }
            catch (ApiException e) when (e.Code is 409 or 404)
            {
                // changed or gone meanwhile; a newer event brings it back if it still matters
            }
            catch (HttpRequestException e)
            {
                LogWriteFailed(log, key, e.Message);
                retry(key);
            }
        }
    }

    /// <summary>Deletes the hollow nodes (and their Leases), for <c>simulate --cleanup</c>.</summary>
    public static Task DeleteNodesAsync(IApiClient client, HollowOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            foreach (var (type, ns) in new[] { (Nodes, (string?)null), (Leases, "kube-node-lease") })
            {
                try
                {
                    await client.DeleteAsync(type, ns, options.NodeName(i), null, ct);
                }
                catch (ApiException e) when (e.Code == 404)
                {
                    // not there
                }
            }
        });
    }

    private static async Task RegisterAsync(IApiClient client, JsonObject node, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAsync(Nodes, null, node, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Registered before (a restarted simulation): report fresh status on the existing node.
            var existing = await client.GetAsync(Nodes, null, node["metadata"]!["name"]!.GetValue<string>(), cancellationToken);
            existing["status"] = node["status"]!.DeepClone();
            await client.UpdateStatusAsync(Nodes, existing, cancellationToken);
        }
    }

    private static async Task ServePodAsync(IApiClient client, JsonObject? pod, HollowState state, HollowOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (pod is null)
        {
            return;
        }

        var key = ObjectKeys.Key(pod);
        var ns = pod["metadata"]?["namespace"]?.GetValue<string>();
        var name = pod["metadata"]?["name"]?.GetValue<string>()!;
        var phase = pod["status"]?["phase"]?.GetValue<string>();
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            // "Containers stopped": let the pod go, as a kubelet does after its grace period.
            await client.DeleteAsync(Pods, ns, name, new DeleteRequest { GracePeriodSeconds = 0, PreconditionUid = pod["metadata"]?["uid"]?.GetValue<string>() }, cancellationToken);
            state.Forget(key);
            return;
        }

        if (phase is "Succeeded" or "Failed")
        {
            state.Forget(key);
            return;
        }

        var now = time.GetUtcNow();
        var updated = (JsonObject)pod.DeepClone();
        if (phase == "Running")
        {
            if (!state.IsDue(key, now))
            {
                return;
            }

            updated["status"] = HollowObjects.Succeeded((JsonObject)pod["status"]!, now);
            await client.UpdateStatusAsync(Pods, updated, cancellationToken);
            state.Forget(key);
            return;
        }

        var node = pod["spec"]!["nodeName"]!.GetValue<string>();
        updated["status"] = HollowObjects.Running(pod, state.NextPodIp(node), state.HostIp(node), now);
        await client.UpdateStatusAsync(Pods, updated, cancellationToken);
        if (HollowObjects.RunTime(pod, options.JobRunTime) is { } runTime)
        {
            state.CompleteAt(key, now + runTime);
        }
    }

    /// <summary>
    /// One loop for all timers: Lease renewals of registered nodes spread over the interval (see
    /// <see cref="HeartbeatSchedule"/>), and due completions. Renewals do not hold the loop up: each
    /// node has at most one in flight, as 5,000 kubelets would, so a slow API server delays them by
    /// its latency rather than by a queue behind a few shared writers.
    /// </summary>
    private static async Task TickAsync(IApiClient client, HollowState state, IObjectStore nodes, HollowOptions options, TimeProvider time, Action<string> enqueue, ILogger log, CancellationToken cancellationToken)
    {
        var schedule = new HeartbeatSchedule(options.Count, options.HeartbeatInterval, Tick);
        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var i in schedule.Due(time.GetElapsedTime(started)))
            {
                if (!state.IsRegistered(i))
                {
                    schedule.Done(i);
                    continue;
                }

                var index = i;
                _ = RenewAsync(client, options.NodeName(i), nodes, time.GetUtcNow(), log, cancellationToken).ContinueWith(_ => schedule.Done(index), TaskScheduler.Default);
            }

            foreach (var key in state.TakeDue(time.GetUtcNow()))
            {
                enqueue(key);
            }
        }
    }

    /// <summary>
    /// A heartbeat: the Lease renewal, and — as a kubelet's status loop does when the Node it reads
    /// differs from what it would report — Ready posted again if the node lifecycle controller set
    /// it Unknown while heartbeats were late.
    /// </summary>
    private static async Task RenewAsync(IApiClient client, string node, IObjectStore? nodes, DateTimeOffset now, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            await NodeLeases.RenewAsync(client, node, now, cancellationToken);
            if (nodes?.Get(node) is { } current && !HollowObjects.IsReady(current))
            {
                var updated = (JsonObject)current.DeepClone();
                updated["status"]!["conditions"] = HollowObjects.NodeConditions(now);
                await client.UpdateStatusAsync(Nodes, updated, cancellationToken);
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            LogRenewFailed(log, node, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} hollow nodes registered")]
    private static partial void LogReady(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "status write for {Pod} failed: {Error}; retrying")]
    private static partial void LogWriteFailed(ILogger logger, string pod, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "lease renewal for {Node} failed: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string node, string error);
}
