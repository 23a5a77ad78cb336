using Kubesharp.Storage;
using Kubesharp.Testing.Etcd;

namespace Kubesharp.Bench.Storage;

/// <summary>
/// <c>bench/run storage</c>: the embedded SQLite store against a real single-member etcd, side by
/// side in one run, through the same IStore calls. Both fsync every acknowledged write.
/// Args: [--seconds N] per measurement (default 3).
/// </summary>
internal sealed class StorageBenchmark : IBenchmark
{
    private static readonly int[] Concurrencies = [1, 16, 128];
    private const int WatchSamples = 300;

    public string Name => "storage";

    public async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var duration = TimeSpan.FromSeconds(seconds);
        var work = Directory.CreateTempSubdirectory("kubesharp-bench-storage-");
        try
        {
            BackendFigures sqlite;
            await using (var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(work.FullName, "state.db")), cancellationToken: cancellationToken))
            {
                sqlite = await MeasureAsync("sqlite", store, duration, cancellationToken);
            }

            BackendFigures etcd;
            await using (var server = await EtcdProcess.StartAsync(1, cancellationToken))
            await using (var store = await Stores.ConnectEtcdAsync(new EtcdStoreOptions(server.ClientUrls), cancellationToken: cancellationToken))
            {
                etcd = await MeasureAsync("etcd", store, duration, cancellationToken);
            }

            var top = Concurrencies[^1];
            return
            [
                new("sqlite_writes_per_s", sqlite.WritesPerSecond[top]),
                new("etcd_writes_per_s", etcd.WritesPerSecond[top]),
                new("write_ratio_vs_etcd", sqlite.WritesPerSecond[top] / etcd.WritesPerSecond[top]),
                new("sqlite_reads_per_s", sqlite.ReadsPerSecond[top]),
                new("etcd_reads_per_s", etcd.ReadsPerSecond[top]),
                new("read_ratio_vs_etcd", sqlite.ReadsPerSecond[top] / etcd.ReadsPerSecond[top]),
                new("sqlite_watch_p99_ms", sqlite.WatchP99Ms),
                new("etcd_watch_p99_ms", etcd.WatchP99Ms),
            ];
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<BackendFigures> MeasureAsync(string name, IStore store, TimeSpan duration, CancellationToken cancellationToken)
    {
        var figures = new BackendFigures(name);
        var run = Guid.NewGuid().ToString("N")[..8];
        foreach (var clients in Concurrencies)
        {
            var rate = await StoreWorkloads.WritesPerSecondAsync(store, $"/bench/{run}/w{clients}/", clients, duration, cancellationToken);
            figures.WritesPerSecond[clients] = rate;
            Report($"{name} writes clients={clients} writes_per_s={ResultLine.Number(rate)}");
        }

        var keys = await SeedAsync(store, $"/bench/{run}/r/", 2_000, cancellationToken);
        foreach (var clients in Concurrencies)
        {
            var rate = await StoreWorkloads.ReadsPerSecondAsync(store, keys, clients, duration, cancellationToken);
            figures.ReadsPerSecond[clients] = rate;
            Report($"{name} reads clients={clients} reads_per_s={ResultLine.Number(rate)}");
        }

        var latencies = await StoreWorkloads.WatchLatenciesAsync(store, $"/bench/{run}/watch/", WatchSamples, cancellationToken);
        figures.WatchP50Ms = StoreWorkloads.Percentile(latencies, 0.50);
        figures.WatchP99Ms = StoreWorkloads.Percentile(latencies, 0.99);
        Report($"{name} watch samples={WatchSamples} p50_ms={ResultLine.Number(figures.WatchP50Ms)} p99_ms={ResultLine.Number(figures.WatchP99Ms)}");
        return figures;
    }

    private static async Task<List<string>> SeedAsync(IStore store, string prefix, int count, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (key, ct) =>
            await store.CreateAsync(key, new byte[1024], cancellationToken: ct));
        return keys;
    }

    // Figures per concurrency go to stdout above the RESULT line, as the issue asks.
    private static void Report(string line) => Console.WriteLine(line);
}
