using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// One worker loop per pod (by uid), as upstream's podWorkers: syncs of one pod are serialised, a
/// sync runs on every wake-up (informer event, probe change, runtime relist) and at least every resync
/// interval: the short one while the pod still has steps ahead (waiting containers, back-offs, init
/// containers), the long one once it is settled. A pod that is gone (or deleted and killed) ends its worker.
/// </summary>
internal sealed partial class PodWorkers(PodSyncer syncer, PodContext context, CancellationToken stopping)
{
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, PodWorker> workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> loops = new(StringComparer.Ordinal);

    public bool Has(string uid) => workers.ContainsKey(uid);

    /// <summary>The informer saw <paramref name="pod"/> (added or changed).</summary>
    public void Update(JsonObject pod)
    {
        var uid = PodView.Str(pod["metadata"]?["uid"]);
        if (uid is null)
        {
            return;
        }

        var worker = workers.GetOrAdd(uid, u =>
        {
            var created = new PodWorker(u);
            loops[u] = Task.Run(() => LoopAsync(created), CancellationToken.None);
            return created;
        });
        worker.Pod = pod;
        worker.LastKnown = pod;
        worker.Wake();
    }

    /// <summary>The pod left the API (deleted after its grace period, or forced).</summary>
    public void Delete(JsonObject pod)
    {
        if (PodView.Str(pod["metadata"]?["uid"]) is { } uid && workers.TryGetValue(uid, out var worker))
        {
            worker.Gone = true;
            worker.Pod = null;
            worker.Wake();
        }
    }

    public void Wake(string uid)
    {
        if (workers.TryGetValue(uid, out var worker))
        {
            worker.Wake();
        }
    }

    /// <summary>Completes once every worker loop has returned (after <c>stopping</c> fired).</summary>
    public Task DrainAsync() => Task.WhenAll(loops.Values);

    private async Task LoopAsync(PodWorker worker)
    {
        var delay = TimeSpan.Zero;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await worker.WaitAsync(delay, stopping).ConfigureAwait(false);
                try
                {
                    if (await syncer.SyncAsync(worker, stopping).ConfigureAwait(false))
                    {
                        break;
                    }

                    delay = worker.Pod is { } pod && new PodView(pod).IsTerminal ? 10 * context.Options.PodResyncInterval
                        : worker.Settled ? context.Options.SettledPodResyncInterval
                        : context.Options.PodResyncInterval;
                }
                catch (Exception e) when (e is CriException or Client.Rest.ApiException or HttpRequestException or IOException)
                {
                    LogSyncFailed(context.Log, worker.Pod is { } p ? $"{new PodView(p).Namespace}/{new PodView(p).Name}" : worker.Uid, e.Message);
                    delay = FailureDelay;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // node stopping: pods keep running (adopted by the next kubelet)
        }
        finally
        {
            workers.TryRemove(worker.Uid, out _);
            loops.TryRemove(worker.Uid, out _);
            worker.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sync of pod {Pod} failed: {Error}; retrying")]
    private static partial void LogSyncFailed(ILogger logger, string pod, string error);
}
