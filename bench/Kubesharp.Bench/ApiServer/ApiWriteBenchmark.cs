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
/// <c>bench/run apiwrite</c>: only the closed-loop writes of <c>apiserver</c> (64 HTTP/2 clients,
/// ConfigMap creates then merge-patches), with where the CPU goes: process CPU and GCs per request,
/// and the transport floor (the same clients and TLS against a Kestrel endpoint that only reads the
/// body and answers a fixed ~1 KiB object), so API work = CPU per request - floor - the bare store's CPU per create. CPU per request
/// is the figure to compare on a shared machine; throughput moves with the load average.
/// Args: [--seconds N] per phase (default 5).
/// </summary>
internal sealed class ApiWriteBenchmark : IBenchmark
{
    private const int Clients = 64;

    public string Name => "apiwrite";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var work = Directory.CreateTempSubdirectory("kubesharp-bench-apiwrite-");
        try
        {
            await using var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "api.db")), cancellationToken: cancellationToken);
            var dataDirectory = Path.Combine(work.FullName, "data");
            Directory.CreateDirectory(dataDirectory);
            await using var server = await ApiServerHost.StartAsync(new ApiServerOptions(dataDirectory, IPAddress.Loopback, 0), store, NullLoggerFactory.Instance, cancellationToken);
            using var clients = new ApiClients(dataDirectory, server.Url);
            var admin = clients.Create(TimeSpan.FromSeconds(60));
            var workers = Enumerable.Range(0, Clients).Select(_ => clients.Create(TimeSpan.FromSeconds(30))).ToArray();
            await ApiWorkloads.CreateNamespaceAsync(admin, "bench-write", cancellationToken);
            var warm = await JitWarmUp.RunAsync(admin, workers, cancellationToken);
            Console.WriteLine($"api warm-up {warm} pid={Environment.ProcessId}");

            var jit = System.Runtime.JitInfo.GetCompilationTime();
            var meter = CpuMeter.Start();
            var (create, names) = await ApiWorkloads.CreateAsync(workers, "bench-write", duration, cancellationToken);
            var createCpu = meter.Stop(create.Requests);
            var createJitMs = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
            Console.WriteLine($"api create requests={create.Requests} per_s={ResultLine.Number(create.PerSecond)} p99_ms={ResultLine.Number(create.P99Ms)} jit_ms={ResultLine.Number(createJitMs)} {createCpu}");

            meter = CpuMeter.Start();
            var patch = await ApiWorkloads.PatchAsync(workers, "bench-write", names, duration, cancellationToken);
            var patchCpu = meter.Stop(patch.Requests);
            Console.WriteLine($"api merge-patch requests={patch.Requests} per_s={ResultLine.Number(patch.PerSecond)} p99_ms={ResultLine.Number(patch.P99Ms)} {patchCpu}");

            var (floor, floorCpu) = await TransportFloor.RunAsync(dataDirectory, Clients, duration, null, cancellationToken);
            Console.WriteLine($"transport floor requests={floor.Requests} per_s={ResultLine.Number(floor.PerSecond)} {floorCpu}");
            CpuUse floorStoreCpu;
            await using (var floorStore = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "floor.db")), cancellationToken: cancellationToken))
            {
                (var run, floorStoreCpu) = await TransportFloor.RunAsync(dataDirectory, Clients, duration, floorStore, cancellationToken);
                Console.WriteLine($"transport+store floor requests={run.Requests} per_s={ResultLine.Number(run.PerSecond)} {floorStoreCpu}");
            }

            // The store's own share: the same creates (~1 KiB values, same client count) on another store file.
            CpuUse storeCpu;
            double storeRate;
            await using (var bare = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "bare.db")), cancellationToken: cancellationToken))
            {
                var before = CpuMeter.Start();
                var (writes, elapsed) = await BareStoreCreates.RunAsync(bare, Clients, duration, cancellationToken);
                storeCpu = before.Stop((int)writes);
                storeRate = writes / elapsed;
                Console.WriteLine($"bare store creates={writes} per_s={ResultLine.Number(storeRate)} {storeCpu}");
            }

            return
            [
                new("create_per_s", create.PerSecond),
                new("create_cpu_ms_per_request", createCpu.MsPerRequest),
                new("create_gen0_per_1k", createCpu.Gen0Per1k),
                new("patch_per_s", patch.PerSecond),
                new("patch_cpu_ms_per_request", patchCpu.MsPerRequest),
                new("transport_floor_cpu_ms_per_request", floorCpu.MsPerRequest),
                new("transport_store_floor_cpu_ms_per_request", floorStoreCpu.MsPerRequest),
                new("store_cpu_ms_per_create", storeCpu.MsPerRequest),
                new("create_api_cpu_ms_per_request", createCpu.MsPerRequest - floorCpu.MsPerRequest - storeCpu.MsPerRequest),
                new("api_vs_store_write_ratio", create.PerSecond / storeRate),
            ];
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
