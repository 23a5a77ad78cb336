using System.Diagnostics;
using System.Globalization;
using System.Net;
using Kubesharp.ApiServer;
using Kubesharp.ApiServer.Serving;
using Kubesharp.Bench.Storage;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// <c>bench/run apiserver</c>: the real API server in-process over HTTPS/HTTP2 with the admin client
/// certificate, on the embedded SQLite store, beside the bare store (another file) with the same
/// client count. Closed-loop creates (each client sends its next request when the last returns:
/// the saturation throughput, create_per_s) alternate with the bare store's in rounds
/// (<see cref="WriteRatioRounds"/>); then closed-loop merge-patches, and creates and patches paced
/// at 500 req/s offered (the p99 the latency target is about). Args: [--seconds N] per timed phase (default 5).
/// </summary>
internal sealed class ApiServerBenchmark : IBenchmark
{
    private const int Clients = 64;

    // The rate the latency target is set at ("mutating p99 <= 50 ms at >= 500 req/s").
    private const double PacedPerSecond = 500;
    private const int ListObjects = 10_000;
    private const int ListRuns = 5;
    private const int Watchers = 1_000;
    private const int WatchersPerConnection = 50;
    private const int WatchWrites = 200;
    private const int WatchWriters = 4;

    public string Name => "apiserver";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var work = Directory.CreateTempSubdirectory("kubesharp-bench-apiserver-");
        try
        {
            TimedRun patch, pacedCreate, pacedPatch;
            WriteRatios writes;
            double listMs, watchP99;
            // The bare store (another file) is open beside the API's store: their write phases alternate.
            await using var bare = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "bare.db")), cancellationToken: cancellationToken);
            await using (var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "api.db")), cancellationToken: cancellationToken))
            {
                var dataDirectory = Path.Combine(work.FullName, "data");
                Directory.CreateDirectory(dataDirectory);
                await using var server = await ApiServerHost.StartAsync(new ApiServerOptions(dataDirectory, IPAddress.Loopback, 0), store, NullLoggerFactory.Instance, cancellationToken);
                using var clients = new ApiClients(dataDirectory, server.Url);
                var admin = clients.Create(TimeSpan.FromSeconds(60));
                var workers = Enumerable.Range(0, Clients).Select(_ => clients.Create(TimeSpan.FromSeconds(30))).ToArray();
                foreach (var ns in new[] { "bench-write", "bench-list", "bench-watch" })
                {
                    await ApiWorkloads.CreateNamespaceAsync(admin, ns, cancellationToken);
                }

                // Unmeasured: the JIT tiering up, the 64 TLS handshakes and the first SQLite pages, not steady state.
                var warm = await JitWarmUp.RunAsync(admin, workers, cancellationToken);
                Report($"api warm-up {warm}");

                // CPU per request (client and server share this process) shows whether the API is CPU-bound
                // on this machine; bench/run apiwrite breaks it down (transport floor, store).
                var jit = System.Runtime.JitInfo.GetCompilationTime();
                var shared = clients.Create(TimeSpan.FromSeconds(30));
                writes = await WriteRatioRounds.RunAsync(workers, shared, bare, "bench-write", duration, Report, cancellationToken);
                var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
                Report($"api create clients={Clients} median_per_s={ResultLine.Number(writes.ApiPerSecond)} shared_connection_median_per_s={ResultLine.Number(writes.SharedPerSecond)} bare_store_median_per_s={ResultLine.Number(writes.StorePerSecond)} cores={Environment.ProcessorCount} jit_ms={ResultLine.Number(jitMs)}");
                var names = writes.Names;
                patch = await ApiWorkloads.PatchAsync(workers, "bench-write", names, duration, cancellationToken);
                Report($"api merge-patch clients={Clients} requests={patch.Requests} per_s={ResultLine.Number(patch.PerSecond)} p50_ms={ResultLine.Number(patch.P50Ms)} p99_ms={ResultLine.Number(patch.P99Ms)}");
                pacedCreate = await ApiWorkloads.PacedCreateAsync(workers, "bench-write", PacedPerSecond, duration, cancellationToken);
                Report($"api paced create clients={Clients} offered_per_s={ResultLine.Number(PacedPerSecond)} per_s={ResultLine.Number(pacedCreate.PerSecond)} p50_ms={ResultLine.Number(pacedCreate.P50Ms)} p99_ms={ResultLine.Number(pacedCreate.P99Ms)}");
                pacedPatch = await ApiWorkloads.PacedPatchAsync(workers, "bench-write", names, PacedPerSecond, duration, cancellationToken);
                Report($"api paced merge-patch clients={Clients} offered_per_s={ResultLine.Number(PacedPerSecond)} per_s={ResultLine.Number(pacedPatch.PerSecond)} p50_ms={ResultLine.Number(pacedPatch.P50Ms)} p99_ms={ResultLine.Number(pacedPatch.P99Ms)}");

                var seed = Stopwatch.StartNew();
                await ApiWorkloads.SeedAsync(workers, "bench-list", ListObjects, cancellationToken);
                Report($"api seeded {ListObjects} configmaps in {ResultLine.Number(seed.Elapsed.TotalSeconds)}s");
                var lists = new List<double>();
                for (var i = 0; i < ListRuns; i++)
                {
                    lists.Add(await ApiWorkloads.ListMsAsync(admin, "bench-list", ListObjects, cancellationToken));
                }

                lists.Sort();
                listMs = lists[lists.Count / 2];
                Report($"api list items={ListObjects} runs_ms={string.Join(',', lists.Select(ResultLine.Number))} median_ms={ResultLine.Number(listMs)}");
                await ReportStoreListAsync(store, cancellationToken);

                var connections = Enumerable.Range(0, Watchers / WatchersPerConnection).Select(_ => clients.Create(Timeout.InfiniteTimeSpan)).ToArray();
                var (latencies, missed) = await new WatchFanout(Watchers, WatchWrites).RunAsync(connections, admin, "bench-watch", WatchWriters, cancellationToken);
                if (latencies.Length == 0)
                {
                    throw new InvalidOperationException("no watch event arrived");
                }

                watchP99 = StoreWorkloads.Percentile(latencies, 0.99);
                Report($"api watch watchers={Watchers} connections={connections.Length} writes={WatchWrites} deliveries={latencies.Length} missed={missed} p50_ms={ResultLine.Number(StoreWorkloads.Percentile(latencies, 0.5))} p99_ms={ResultLine.Number(watchP99)} max_ms={ResultLine.Number(latencies[^1])}");
                if (missed > 0)
                {
                    throw new InvalidOperationException($"{missed} watch deliveries never arrived");
                }
            }

            return
            [
                new("create_per_s", writes.ApiPerSecond),
                // The target's figures: p99 at the offered 500 req/s; then the closed loop's at saturation.
                new("create_p99_ms", pacedCreate.P99Ms),
                new("patch_p99_ms", pacedPatch.P99Ms),
                new("paced_per_s", Math.Min(pacedCreate.PerSecond, pacedPatch.PerSecond)),
                new("saturated_create_p99_ms", writes.ApiP99Ms),
                new("saturated_patch_p99_ms", patch.P99Ms),
                new("list_10k_ms", listMs),
                new("watch_fanout_p99_ms", watchP99),
                new("api_vs_store_write_ratio", writes.Ratio),
                new("shared_connection_write_ratio", writes.SharedRatio),
                new("create_cpu_ms_per_request", writes.FirstRoundCpu.MsPerRequest),
            ];
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Where list time goes: the same 10k keys read from the store alone, and that read plus parsing
    /// every value into a JsonObject (what the registry does before writing the list).
    /// </summary>
    private static async Task ReportStoreListAsync(IStore store, CancellationToken cancellationToken)
    {
        var read = new List<double>();
        var parsed = new List<double>();
        for (var i = 0; i < ListRuns; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await store.ListAsync(new ListRequest("/registry/configmaps/bench-list/"), cancellationToken);
            read.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            foreach (var kv in page.Items)
            {
                _ = System.Text.Json.Nodes.JsonNode.Parse(kv.Value.Span);
            }

            parsed.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        read.Sort();
        parsed.Sort();
        Report($"store list items={ListObjects} median_ms={ResultLine.Number(read[ListRuns / 2])} with_json_parse_median_ms={ResultLine.Number(parsed[ListRuns / 2])}");
    }

    // Intermediate figures go to stdout above the RESULT line, like the storage benchmark's.
    private static void Report(string line) => Console.WriteLine(line);
}
