using Kubesharp.Bench.Storage;
using Kubesharp.Storage;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// The write-throughput comparison of <c>apiserver</c>: closed-loop API creates and the bare store's
/// creates in alternating rounds, so that a busy spell of this shared machine falls on both sides
/// (measured one after the other, the store's phase once ran at 14.6k/s and once at 18.5k/s
/// around API phases of equal speed); the ratio is the median of the rounds' ratios.
/// The API side runs twice per round with the same 64 clients: each client over its own HTTP/2
/// connection (64 kubectl-like processes: the headline ratio), and all of them over one connection
/// (one client-go process with 64 workers: client-go multiplexes a process's requests over one
/// HTTP/2 connection, and etcd's benchmark counts --clients apart from --conns the same way).
/// The bare store's 64 writers share one store object.
/// </summary>
internal static class WriteRatioRounds
{
    public const int Rounds = 3;

    public static async Task<WriteRatios> RunAsync(HttpClient[] perClient, HttpClient shared, IStore bare, string ns, TimeSpan duration, Action<string> report, CancellationToken cancellationToken)
    {
        var sharing = Enumerable.Repeat(shared, perClient.Length).ToArray();
        var rounds = new List<WriteRound>();
        List<string>[]? names = null;
        CpuUse? firstCpu = null;
        for (var round = 0; round < Rounds; round++)
        {
            var meter = CpuMeter.Start();
            var (own, created) = await ApiWorkloads.CreateAsync(perClient, ns, duration, cancellationToken, $"c{round}");
            var cpu = meter.Stop(own.Requests);
            names ??= created;
            firstCpu ??= cpu;
            var (multiplexed, _) = await ApiWorkloads.CreateAsync(sharing, ns, duration, cancellationToken, $"s{round}");
            var (writes, seconds) = await BareStoreCreates.RunAsync(bare, perClient.Length, duration, cancellationToken, $"r{round}");
            var result = new WriteRound(own, multiplexed, writes / seconds);
            rounds.Add(result);
            report($"write round={round} api_per_s={ResultLine.Number(own.PerSecond)} api_p99_ms={ResultLine.Number(own.P99Ms)} shared_connection_per_s={ResultLine.Number(multiplexed.PerSecond)} bare_store_per_s={ResultLine.Number(result.StorePerSecond)} ratio={ResultLine.Number(result.Ratio)} shared_connection_ratio={ResultLine.Number(result.SharedRatio)} {cpu}");
        }

        return new WriteRatios(rounds, names!, firstCpu!.Value);
    }
}

/// <summary>One round: API creates over a connection per client, over one shared connection, and the bare store's creates.</summary>
internal sealed record WriteRound(TimedRun Api, TimedRun SharedConnection, double StorePerSecond)
{
    public double Ratio => Api.PerSecond / StorePerSecond;

    public double SharedRatio => SharedConnection.PerSecond / StorePerSecond;
}

/// <summary>The rounds, the first round's names per client (the patch phases reuse them) and its CPU figures.</summary>
internal sealed record WriteRatios(IReadOnlyList<WriteRound> Rounds, List<string>[] Names, CpuUse FirstRoundCpu)
{
    public double Ratio => Median(r => r.Ratio);

    public double SharedRatio => Median(r => r.SharedRatio);

    public double ApiPerSecond => Median(r => r.Api.PerSecond);

    public double SharedPerSecond => Median(r => r.SharedConnection.PerSecond);

    public double StorePerSecond => Median(r => r.StorePerSecond);

    public double ApiP99Ms => Median(r => r.Api.P99Ms);

    private double Median(Func<WriteRound, double> figure) =>
        StoreWorkloads.Percentile(Rounds.Select(figure).Order().ToArray(), 0.5);
}
