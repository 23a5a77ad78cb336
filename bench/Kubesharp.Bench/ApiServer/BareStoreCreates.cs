using System.Diagnostics;
using Kubesharp.Storage;

namespace Kubesharp.Bench.ApiServer;

/// <summary>The bare store doing what an API create does underneath: one Create of a ~1 KiB value per request.</summary>
internal static class BareStoreCreates
{
    public static async Task<(long Writes, double Seconds)> RunAsync(IStore store, int clients, TimeSpan duration, CancellationToken cancellationToken, string prefix = "c")
    {
        var value = new byte[1024];
        new Random(7).NextBytes(value);
        var total = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var written = 0L;
            for (var n = 0; clock.Elapsed < duration && n < 1_000_000; n++)
            {
                await store.CreateAsync($"/registry/configmaps/bench/{prefix}-{client}-{n}", value, cancellationToken: cancellationToken);
                written++;
            }

            Interlocked.Add(ref total, written);
        }, cancellationToken)));
        return (total, clock.Elapsed.TotalSeconds);
    }
}
