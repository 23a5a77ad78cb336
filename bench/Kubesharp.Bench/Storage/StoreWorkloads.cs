using System.Diagnostics;
using Kubesharp.Storage;

namespace Kubesharp.Bench.Storage;

/// <summary>
/// The measured workloads, identical for every backend. Each is bounded in both time and count
/// so a stalled backend cannot make the benchmark run forever.
/// </summary>
internal static class StoreWorkloads
{
    private const int MaxOperationsPerRun = 2_000_000;
    private static readonly byte[] Value = CreateValue();

    /// <summary>
    /// Each client creates a key, then CAS-updates it three times (the revision comes from the
    /// previous write, as the API server's GuaranteedUpdate does without a conflict), repeatedly.
    /// </summary>
    public static async Task<double> WritesPerSecondAsync(IStore store, string prefix, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var written = 0L;
            for (var n = 0; clock.Elapsed < duration && Interlocked.Read(ref total) + written < MaxOperationsPerRun; n++)
            {
                var kv = await store.CreateAsync($"{prefix}{client}/{n}", Value, cancellationToken: cancellationToken);
                written++;
                for (var u = 0; u < 3; u++)
                {
                    kv = await store.UpdateAsync(kv.Key, Value, kv.ModRevision, cancellationToken: cancellationToken);
                    written++;
                }
            }

            Interlocked.Add(ref total, written);
        }, cancellationToken)));
        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Each client reads random keys out of <paramref name="keys"/>.</summary>
    public static async Task<double> ReadsPerSecondAsync(IStore store, IReadOnlyList<string> keys, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var read = 0L;
            while (clock.Elapsed < duration && read < MaxOperationsPerRun)
            {
                var kv = await store.GetAsync(keys[random.Next(keys.Count)], cancellationToken);
                if (kv is null)
                {
                    throw new InvalidOperationException("a key written by the benchmark is missing");
                }

                read++;
            }

            Interlocked.Add(ref total, read);
        }, cancellationToken)));
        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Write → event latency: one writer creates keys one after another while a watcher on the
    /// prefix notes when each event arrives. Returns the latencies in milliseconds, sorted.
    /// </summary>
    public static async Task<double[]> WatchLatenciesAsync(IStore store, string prefix, int samples, CancellationToken cancellationToken)
    {
        var started = new long[samples];
        var latencies = new double[samples];
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchStop.CancelAfter(TimeSpan.FromSeconds(60));
        var ready = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            var seen = 0;
            var enumerator = store.WatchAsync(prefix, store.CurrentRevision + 1, watchStop.Token).GetAsyncEnumerator(watchStop.Token);
            await using (enumerator)
            {
                var first = enumerator.MoveNextAsync();
                ready.SetResult();
                var more = await first;
                while (more)
                {
                    var now = Stopwatch.GetTimestamp();
                    var index = int.Parse(enumerator.Current.Current.Key.AsSpan(prefix.Length), provider: System.Globalization.CultureInfo.InvariantCulture);
                    latencies[index] = Stopwatch.GetElapsedTime(started[index], now).TotalMilliseconds;
                    if (++seen == samples)
                    {
                        return;
                    }

                    more = await enumerator.MoveNextAsync();
                }
            }
        }, watchStop.Token);

        await ready.Task;
        for (var i = 0; i < samples; i++)
        {
            started[i] = Stopwatch.GetTimestamp();
            await store.CreateAsync($"{prefix}{i}", Value, cancellationToken: cancellationToken);
            await Task.Delay(2, cancellationToken); // spaced writes: latency, not queueing, is measured
        }

        await watcher;
        Array.Sort(latencies);
        return latencies;
    }

    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static byte[] CreateValue()
    {
        var value = new byte[1024];
        new Random(7).NextBytes(value);
        return value;
    }
}
