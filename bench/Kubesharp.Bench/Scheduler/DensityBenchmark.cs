using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Bench.Footprint;
using Kubesharp.Bench.Kubelet;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Simulation;
using Kubesharp.Testing.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Bench.Scheduler;

/// <summary>
/// <c>bench/run density [--nodes 5000] [--pods 150000] [--minutes 15]</c>: the real <c>kubesharp server</c>
/// with hollow nodes in this process; ReplicaSets of 1,000 make the pods, and the clock runs until every
/// pod reports Running (or the time is up: the figures then say how far it got). Memory is the server's
/// resident set; bytes_per_pod is its growth from the idle cluster with all nodes to the end, per pod.
/// </summary>
internal sealed class DensityBenchmark : IBenchmark
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    public string Name => "density";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var nodes = Workloads.Flag(args, "--nodes", 5000);
        var pods = Workloads.Flag(args, "--pods", 150_000);
        var limit = TimeSpan.FromMinutes(Workloads.Flag(args, "--minutes", 15));
        await using var server = new KubesharpServerProcess("kubesharp-density-");
        await server.StartAsync();
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var perNode = Math.Max(110, (int)Math.Ceiling(pods * 1.5 / nodes));
        var hollow = HollowCluster.RunAsync(client, new HollowOptions(nodes) { Cpu = "64", Memory = "256Gi", MaxPods = perNode, Zones = 3, StatusWorkers = 16 }, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Console.Error.WriteLine($"{nodes} hollow nodes registered in {clock.Elapsed.TotalSeconds:F0} s");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // let the first heartbeats settle before the idle reading
        var idleRss = ProcessMemory.RssMegabytes(ProcessMemory.Tree(server.ProcessId));

        var running = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var list = await client.ListAsync(Pods, null, new ListRequest { Limit = 1 }, cancellationToken);
        var watching = WatchRunningAsync(client, list["metadata"]!["resourceVersion"]!.GetValue<string>(), running, stop.Token);

        var requestsAtStart = await RequestCounts.ReadAsync(transport, cancellationToken);
        var serverCpuAtStart = ProcessCpu.Seconds(server.ProcessId);
        var start = clock.Elapsed;
        const int perSet = 1000;
        var sets = (pods + perSet - 1) / perSet;
        await Parallel.ForEachAsync(Enumerable.Range(0, sets), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.CreateAsync(ReplicaSets, "default", Workloads.ReplicaSet($"density-{i}", Math.Min(perSet, pods - (i * perSet))), ct));
        Console.Error.WriteLine($"{sets} ReplicaSets created in {(clock.Elapsed - start).TotalSeconds:F0} s");

        var deadline = start + limit;
        var lastReport = TimeSpan.Zero;
        while (running.Count < pods && clock.Elapsed < deadline)
        {
            await Task.Delay(1000, cancellationToken);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                Console.Error.WriteLine($"  {running.Count}/{pods} running ({(clock.Elapsed - start).TotalSeconds:F0} s, server {ProcessMemory.RssMegabytes(ProcessMemory.Tree(server.ProcessId)):F0} MB)");
            }
        }

        var seconds = (clock.Elapsed - start).TotalSeconds;
        var reached = running.Count;
        if (reached < pods)
        {
            Console.Error.WriteLine($"gave up after {limit.TotalMinutes:F0} min with {reached}/{pods} pods running");
        }

        var rss = ProcessMemory.RssMegabytes(ProcessMemory.Tree(server.ProcessId));
        var serverCpu = ProcessCpu.Seconds(server.ProcessId) - serverCpuAtStart;
        var requests = (await RequestCounts.ReadAsync(transport, cancellationToken)).Since(requestsAtStart);
        foreach (var (kind, count) in requests)
        {
            Console.Error.WriteLine($"  {kind}: {count / Math.Max(1, reached):F2} per pod ({count:F0})");
        }

        await stop.CancelAsync();
        await Task.WhenAll(hollow, watching).ContinueWith(_ => { }, TaskScheduler.Default);
        return
        [
            new("nodes", nodes),
            new("pods", reached),
            new("seconds_to_all_running", seconds),
            new("server_rss_mb", rss),
            new("bytes_per_pod", reached == 0 ? 0 : (rss - idleRss) * 1024 * 1024 / reached),

            // All the server's CPU from the first ReplicaSet to the last pod Running (idle Lease traffic included), per pod.
            new("server_cpu_ms_per_pod", reached == 0 ? 0 : serverCpu * 1000 / reached),
            new("api_requests_per_pod", reached == 0 ? 0 : requests.Sum(r => r.Count) / reached),
        ];
    }

    /// <summary>
    /// Keys of pods whose phase is Running, from a watch with bookmarks (so the revision it resumes
    /// from stays fresh while 5,000 Leases move the revision on); re-opened where it ended, and
    /// after a 410 (resumed from a compacted revision) started again from a fresh list.
    /// </summary>
    private static async Task WatchRunningAsync(IApiClient client, string resourceVersion, ConcurrentDictionary<string, byte> running, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await foreach (var e in client.WatchAsync(Pods, null, new WatchRequest { ResourceVersion = resourceVersion, AllowWatchBookmarks = true }, cancellationToken))
                {
                    if (e.Type == WatchEventType.Error)
                    {
                        Console.Error.WriteLine($"watch error: {e.Body["message"]}; listing again");
                        resourceVersion = await RelistAsync(client, running, cancellationToken);
                        break;
                    }

                    resourceVersion = e.ResourceVersion ?? resourceVersion;
                    if (e.Type == WatchEventType.Bookmark)
                    {
                        continue;
                    }

                    Track(running, e.Body, e.Type == WatchEventType.Deleted);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"watch broke ({e.Message}); re-opening");
            }
        }
    }

    private static async Task<string> RelistAsync(IApiClient client, ConcurrentDictionary<string, byte> running, CancellationToken cancellationToken)
    {
        string? next = null;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        JsonObject page;
        do
        {
            page = await client.ListAsync(Pods, null, new ListRequest { Limit = 5000, Continue = next }, cancellationToken);
            foreach (var pod in page["items"]!.AsArray().OfType<JsonObject>())
            {
                listed.Add(Track(running, pod, deleted: false));
            }

            next = page["metadata"]?["continue"]?.GetValue<string>() is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        foreach (var key in running.Keys.Where(k => !listed.Contains(k)))
        {
            running.TryRemove(key, out _);
        }

        return page["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private static string Track(ConcurrentDictionary<string, byte> running, JsonObject pod, bool deleted)
    {
        var key = ObjectKeys.Key(pod);
        if (!deleted && pod["status"]?["phase"] is JsonValue phase && phase.GetValue<string>() == "Running")
        {
            running.TryAdd(key, 0);
        }
        else
        {
            running.TryRemove(key, out _);
        }

        return key;
    }
}
