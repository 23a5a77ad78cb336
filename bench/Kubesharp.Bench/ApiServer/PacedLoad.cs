using System.Diagnostics;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// The clients together offer a fixed request rate (each on its own schedule, staggered), so
/// latency is measured at that rate rather than at saturation, where a closed loop of 64 clients
/// makes every request wait for the 63 ahead of it. Latency counts from the scheduled send time:
/// a request that had to wait for a slow predecessor is charged that wait (no coordinated
/// omission). Bounded by the duration and a per-client count.
/// </summary>
internal static class PacedLoad
{
    private const int MaxRequestsPerClient = 50_000;

    /// <param name="operation">One request of client c, its n-th.</param>
    public static async Task<TimedRun> RunAsync(HttpClient[] clients, double perSecond, TimeSpan duration, Func<HttpClient, int, int, Task> operation, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(clients.Length / perSecond);
        var latencies = clients.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((http, client) => Task.Run(async () =>
        {
            var offset = interval * client / clients.Length;
            for (var n = 0; n < MaxRequestsPerClient; n++)
            {
                var due = offset + (interval * n);
                if (due >= duration)
                {
                    break;
                }

                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                await operation(http, client, n);
                latencies[client].Add((clock.Elapsed - due).TotalMilliseconds);
            }
        }, cancellationToken)));
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new TimedRun(all.Length, clock.Elapsed.TotalSeconds, all);
    }
}
