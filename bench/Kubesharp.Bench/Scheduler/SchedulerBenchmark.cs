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
/// <c>bench/run scheduler [--nodes 5000] [--pods 10000] [--warmup-pods 1000] [--binary PATH]</c>: the whole control plane
/// (the real <c>kubesharp server</c>: store, API, scheduler, controllers) with hollow nodes in this process;
/// pods come from ReplicaSets of 100 and each pod's creation → binding is timed from one watch. Unmeasured
/// warm-up rounds (<see cref="SchedulerWarmUp"/>; <c>--warmup-pods 0</c> for none) come first.
/// </summary>
internal sealed class SchedulerBenchmark : IBenchmark
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    public string Name => "scheduler";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var nodes = Workloads.Flag(args, "--nodes", 5000);
        var pods = Workloads.Flag(args, "--pods", 10000);
        var warmupPods = Workloads.Flag(args, "--warmup-pods", 1000);
        // --binary artifacts/aot/kubesharp measures the Native AOT binary users run (scripts/publish.sh builds it).
        await using var server = new KubesharpServerProcess("kubesharp-bench-") { Executable = Workloads.TextFlag(args, "--binary") is { } binary ? Path.GetFullPath(binary) : null };
        await server.StartAsync();
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var hollow = HollowCluster.RunAsync(client, new HollowOptions(nodes) { Cpu = "32", Memory = "128Gi", MaxPods = 250 }, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        Console.Error.WriteLine($"{nodes} hollow nodes registered in {clock.ElapsedMilliseconds} ms");

        var warmRounds = await SchedulerWarmUp.RunAsync(client, warmupPods, cancellationToken);

        // The idle cost of the cluster (5,000 Lease renewals every 10 s), so the per-pod CPU can be told apart from it.
        var idleFrom = (Cpu: ProcessCpu.Seconds(server.ProcessId), At: clock.Elapsed);
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var idleCores = (ProcessCpu.Seconds(server.ProcessId) - idleFrom.Cpu) / (clock.Elapsed - idleFrom.At).TotalSeconds;
        Console.Error.WriteLine($"idle server CPU with {nodes} heartbeating nodes: {idleCores:F2} cores");

        var watch = new PodBindingWatch(client, clock);
        var (seen, bound) = (watch.Seen, watch.Bound);
        var list = await client.ListAsync(Pods, null, new ListRequest { Limit = 1 }, cancellationToken);
        var watching = watch.RunAsync(list["metadata"]!["resourceVersion"]!.GetValue<string>(), stop.Token);

        var requestsAtStart = await RequestCounts.ReadAsync(transport, cancellationToken);
        var start = clock.Elapsed;
        var serverCpuAtStart = ProcessCpu.Seconds(server.ProcessId);
        var ownCpuAtStart = ProcessCpu.Seconds(Environment.ProcessId);
        const int perSet = 100;
        var sets = (pods + perSet - 1) / perSet;
        await Parallel.ForEachAsync(Enumerable.Range(0, sets), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.CreateAsync(ReplicaSets, "default", Workloads.ReplicaSet($"bench-{i}", Math.Min(perSet, pods - (i * perSet))), ct));
        Console.Error.WriteLine($"{sets} ReplicaSets created in {(clock.Elapsed - start).TotalMilliseconds:F0} ms");

        var deadline = clock.Elapsed + TimeSpan.FromMinutes(10);
        while (bound.Count < pods && clock.Elapsed < deadline)
        {
            await Task.Delay(500, cancellationToken);
            Console.Error.WriteLine($"  {seen.Count} pods created, {bound.Count} bound ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        var rss = ProcessMemory.RssMegabytes(ProcessMemory.Tree(server.ProcessId));
        var serverCpu = ProcessCpu.Seconds(server.ProcessId) - serverCpuAtStart;
        var podPhase = (clock.Elapsed - start).TotalSeconds;
        var ownCpu = ProcessCpu.Seconds(Environment.ProcessId) - ownCpuAtStart;
        var requestsAtEnd = await RequestCounts.ReadAsync(transport, cancellationToken);
        var requests = requestsAtEnd.Since(requestsAtStart);
        foreach (var (kind, count) in requests)
        {
            Console.Error.WriteLine($"  {kind}: {count / Math.Max(1, bound.Count):F2} per pod ({count:F0})");
        }

        await stop.CancelAsync();
        await Task.WhenAll(hollow, watching).ContinueWith(_ => { }, TaskScheduler.Default);

        var latencies = bound.Where(b => seen.ContainsKey(b.Key)).Select(b => (double)(b.Value - seen[b.Key])).Order().ToList();
        var firstSeen = seen.Values.DefaultIfEmpty(0).Min();
        var lastBound = bound.Values.DefaultIfEmpty(0).Max();
        var seconds = Math.Max(0.001, (lastBound - firstSeen) / 1000.0);
        return
        [
            new("nodes", nodes),
            new("pods", bound.Count),
            new("pods_created", seen.Count), // every pod that ever existed: more than pods means the ReplicaSets overshot
            new("scheduled_pods_per_s", bound.Count / seconds),
            new("schedule_p50_ms", Percentile(latencies, 0.50)),
            new("schedule_p99_ms", Percentile(latencies, 0.99)),
            new("server_rss_mb", rss),

            // CPU per pod from creation to bound, less the idle cluster's share over the same time: on a
            // shared machine the rate says how much CPU we got, these say how much we needed.
            new("server_idle_cores", idleCores),
            new("server_cpu_ms_per_pod", bound.IsEmpty ? 0 : Math.Max(0, serverCpu - (idleCores * podPhase)) * 1000 / bound.Count),
            new("server_cpu_ms_per_pod_gross", bound.IsEmpty ? 0 : serverCpu * 1000 / bound.Count), // idle share included: steadier on a busy machine
            new("hollow_cpu_ms_per_pod", bound.IsEmpty ? 0 : ownCpu * 1000 / bound.Count),

            // API calls per pod from creation to bound, all callers (bench, server components, hollow nodes), Lease renewals aside.
            new("api_requests_per_pod", bound.IsEmpty ? 0 : requests.Sum(r => r.Count) / bound.Count),
            // Where the server's CPU went: the garbage collector's pauses and what was allocated, per pod.
            new("server_gc_pause_ms_per_pod", PerPod(requestsAtEnd.RuntimeSince(requestsAtStart, "dotnet_gc_pause_seconds_total") * 1000, bound.Count)),
            new("server_alloc_kb_per_pod", PerPod(requestsAtEnd.RuntimeSince(requestsAtStart, "dotnet_gc_allocated_bytes_total") / 1024, bound.Count)),
            new("server_gen2_gcs", requestsAtEnd.RuntimeSince(requestsAtStart, "dotnet_collection_count_total{generation=\"2\"}")),
            new("warmup_rounds", warmRounds),
            new("watch_restarts", watch.Restarts), // the timing watch was resumed or relisted this often
        ];
    }

    private static double PerPod(double total, int pods) => pods == 0 ? 0 : total / pods;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
