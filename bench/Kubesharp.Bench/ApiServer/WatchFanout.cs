using System.Diagnostics;
using System.Text;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// Many concurrent watches on one namespace (HTTP/2 streams spread over a few connections), then a
/// burst of creates; every watcher must see every create. Latency = write start → receipt.
/// </summary>
internal sealed class WatchFanout
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);
    private readonly int _watchers;
    private readonly int _writes;
    private readonly long[] _started;
    private readonly double[][] _latencies;
    private readonly int[] _seen;
    private int _ready;

    public WatchFanout(int watchers, int writes)
    {
        _watchers = watchers;
        _writes = writes;
        _started = new long[writes];
        _latencies = Enumerable.Range(0, watchers).Select(_ => Enumerable.Repeat(double.NaN, writes).ToArray()).ToArray();
        _seen = new int[watchers];
    }

    /// <summary>Returns the sorted latencies (ms) of all deliveries and how many deliveries never arrived.</summary>
    public async Task<(double[] SortedMs, int Missed)> RunAsync(HttpClient[] connections, HttpClient writer, string ns, int writers, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watches = Enumerable.Range(0, _watchers)
            .Select(w => Task.Run(() => WatchAsync(connections[w % connections.Length], ns, w, stop.Token), stop.Token))
            .ToArray();

        // A watch is live once it has seen an object created after it started: keep creating
        // ready-N markers until every watcher has seen one, so the burst is not partly missed.
        var deadline = Stopwatch.StartNew();
        for (var marker = 0; Volatile.Read(ref _ready) < _watchers; marker++)
        {
            if (deadline.Elapsed > ReadyTimeout || watches.Any(w => w.IsFaulted))
            {
                await stop.CancelAsync();
                throw new InvalidOperationException($"only {_ready} of {_watchers} watches became live");
            }

            await ApiWorkloads.CreateConfigMapAsync(writer, ns, $"ready-{marker}", cancellationToken);
            await Task.Delay(500, cancellationToken);
        }

        Console.Error.WriteLine($"apiserver: {_watchers} watches live after {deadline.Elapsed.TotalSeconds:F1}s");
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < _writes; i = Interlocked.Increment(ref next))
            {
                _started[i] = Stopwatch.GetTimestamp();
                await ApiWorkloads.CreateConfigMapAsync(writer, ns, $"wb-{i}", cancellationToken);
            }
        }, cancellationToken)));

        var delivered = Task.WhenAll(watches);
        await Task.WhenAny(delivered, Task.Delay(DeliveryTimeout, cancellationToken));
        await stop.CancelAsync();
        try
        {
            await delivered;
        }
        catch (OperationCanceledException)
        {
            // Watchers still waiting at the deadline: their missing deliveries are counted below.
        }

        var all = _latencies.SelectMany(l => l).ToArray();
        var missed = all.Count(double.IsNaN);
        var received = all.Where(l => !double.IsNaN(l)).ToArray();
        Array.Sort(received);
        return (received, missed);
    }

    private async Task WatchAsync(HttpClient http, string ns, int watcher, CancellationToken cancellationToken)
    {
        var uri = new Uri($"/api/v1/namespaces/{ns}/configmaps?watch=true", UriKind.Relative);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ApiWorkloads.EnsureAsync(response, "watch configmaps", cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var ready = false;
        var latencies = _latencies[watcher];
        while (_seen[watcher] < _writes && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            // Lines are whole watch events; only the object's name matters, so no full parse.
            var at = line.IndexOf("\"name\":\"", StringComparison.Ordinal);
            if (at < 0 || !line.Contains("\"type\":\"ADDED\"", StringComparison.Ordinal))
            {
                continue;
            }

            var name = line.AsSpan(at + 8);
            name = name[..name.IndexOf('"')];
            if (name.StartsWith("ready-"))
            {
                if (!ready)
                {
                    ready = true;
                    Interlocked.Increment(ref _ready);
                }
            }
            else if (name.StartsWith("wb-"))
            {
                var index = int.Parse(name[3..], provider: System.Globalization.CultureInfo.InvariantCulture);
                if (double.IsNaN(latencies[index]))
                {
                    latencies[index] = Stopwatch.GetElapsedTime(_started[index], now).TotalMilliseconds;
                    _seen[watcher]++;
                }
            }
        }
    }
}
