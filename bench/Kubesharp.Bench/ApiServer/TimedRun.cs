using Kubesharp.Bench.Storage;

namespace Kubesharp.Bench.ApiServer;

/// <summary>One timed phase: how many requests succeeded, over how long, and their latencies (sorted).</summary>
internal sealed record TimedRun(int Requests, double Seconds, double[] SortedLatenciesMs)
{
    public double PerSecond => Requests / Seconds;

    public double P50Ms => StoreWorkloads.Percentile(SortedLatenciesMs, 0.50);

    public double P99Ms => StoreWorkloads.Percentile(SortedLatenciesMs, 0.99);
}
