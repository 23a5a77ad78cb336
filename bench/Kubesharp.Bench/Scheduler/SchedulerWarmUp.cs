using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Polling;

namespace Kubesharp.Bench.Scheduler;

/// <summary>
/// Unmeasured rounds of the measured work before the idle reading and the timed phase: ReplicaSets
/// whose pods are created, scheduled and bound, then deleted until none is left. The benchmark runs
/// the server under the JIT while the binary users run is Native AOT, which never compiles at run
/// time (the apiserver bench warms up for the same reason). Without it, tiering up the pod paths
/// (creation, scheduling, binding, status) was about a sixth of the server's CPU in the timed phase
/// (perf: the ".NET Tiered Compilation" thread) and half of the "idle" reading taken right after the
/// nodes registered; after two rounds of 1,000 pods it is under 2%.
/// </summary>
internal static class SchedulerWarmUp
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");
    private const int Rounds = 2;
    private const int PerSet = 100;

    /// <summary>Runs the rounds of <paramref name="podsPerRound"/> pods (none when 0); returns how many ran.</summary>
    public static async Task<int> RunAsync(IApiClient client, int podsPerRound, CancellationToken cancellationToken)
    {
        var rounds = 0;
        while (rounds < Rounds && podsPerRound > 0)
        {
            var clock = Stopwatch.StartNew();
            var names = Enumerable.Range(0, (podsPerRound + PerSet - 1) / PerSet).Select(i => $"bench-warm-{rounds}-{i}").ToList();
            await Parallel.ForEachAsync(names.Select((name, i) => (name, i)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (set, ct) =>
            {
                var rs = Workloads.ReplicaSet(set.name, Math.Min(PerSet, podsPerRound - (set.i * PerSet)));
                rs["spec"]!["template"]!["metadata"]!["labels"]!["bench-warm"] = "true";
                await client.CreateAsync(ReplicaSets, "default", rs, ct);
            });
            await WaitForAsync(client, pods => pods.Count == podsPerRound && pods.All(p => p["spec"]?["nodeName"] is not null), cancellationToken);
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (name, ct) =>
                await client.DeleteAsync(ReplicaSets, "default", name, new DeleteRequest { PropagationPolicy = "Background" }, ct));
            await WaitForAsync(client, pods => pods.Count == 0, cancellationToken);
            rounds++;
            Console.Error.WriteLine($"  warm-up round {rounds}: {podsPerRound} pods bound and deleted in {clock.Elapsed.TotalSeconds:F0} s");
        }

        return rounds;
    }

    private static async Task WaitForAsync(IApiClient client, Func<List<JsonObject>, bool> done, CancellationToken cancellationToken)
    {
        var pods = await Poll.UntilAsync(
            async () => ((JsonArray)(await client.ListAsync(Pods, "default", new ListRequest { LabelSelector = "bench-warm=true" }, cancellationToken))["items"]!).OfType<JsonObject>().ToList(),
            done,
            cancellationToken,
            seconds: 180);
        if (!done(pods))
        {
            throw new TimeoutException("the warm-up pods did not get there in 3 minutes");
        }
    }
}
