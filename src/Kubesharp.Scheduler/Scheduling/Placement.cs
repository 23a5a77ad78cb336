using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Scheduling;

/// <summary>
/// One scheduling cycle: filter nodes (starting where the last cycle stopped, as upstream does so
/// pods spread), stop once enough feasible nodes are found (percentageOfNodesToScore), score
/// those and take the best. Pure: it reads the cache, it does not change it.
/// </summary>
internal static class Placement
{
    /// <summary>Below this many nodes a cycle filters on one thread: splitting costs more than it saves.</summary>
    private const int ParallelFrom = 256;

    public static Decision Decide(PodInfo pod, IClusterState cluster, Profile profile, ref int start, int parallelism = 1)
    {
        var nodes = cluster.Nodes;
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        if (nodes.Count == 0)
        {
            return new Decision(null, 0, reasons);
        }

        List<(ICycle Cycle, int Weight)>? cycles = null;
        foreach (var plugin in profile.Cycles)
        {
            if (plugin.Begin(pod, cluster) is { } cycle)
            {
                (cycles ??= []).Add((cycle, plugin.Weight));
            }
        }

        var wanted = FeasibleNodesToFind(nodes.Count);
        var filter = new NodeFilter(pod, profile, cycles, nodes, start);
        var (feasible, processed) = parallelism > 1 && nodes.Count >= ParallelFrom
            ? filter.Parallel(wanted, parallelism, reasons)
            : filter.Sequential(wanted, reasons);
        start = (start + processed) % nodes.Count;
        if (feasible.Count == 0)
        {
            return new Decision(null, nodes.Count, reasons);
        }

        var totals = new long[feasible.Count];
        if (cycles is not null)
        {
            var scores = new long[feasible.Count];
            foreach (var (cycle, weight) in cycles)
            {
                cycle.Score(feasible, scores);
                for (var i = 0; i < feasible.Count; i++)
                {
                    totals[i] += scores[i] * weight;
                }
            }
        }

        // Index loops in the per-node paths: foreach over an IReadOnlyList allocates an enumerator per node.
        var scorers = profile.Scores;
        NodeInfo? best = null;
        var bestScore = long.MinValue;
        var ties = 0;
        for (var i = 0; i < feasible.Count; i++)
        {
            var node = feasible[i];
            var score = totals[i];
            for (var s = 0; s < scorers.Count; s++)
            {
                score += scorers[s].Score(pod, node) * scorers[s].Weight;
            }

            if (score > bestScore)
            {
                best = node;
                bestScore = score;
                ties = 1;
            }
            else if (score == bestScore && Random.Shared.Next(++ties) == 0)
            {
                best = node; // equal scores: pick uniformly among them, as upstream does
            }
        }

        return new Decision(best!.Name, nodes.Count, reasons);
    }

    /// <summary>Upstream's adaptive percentageOfNodesToScore: 50% - nodes/125, at least 5%, at least 100 nodes.</summary>
    public static int FeasibleNodesToFind(int nodes)
    {
        if (nodes <= 100)
        {
            return nodes;
        }

        var percent = Math.Max(5, 50 - (nodes / 125));
        return Math.Max(100, nodes * percent / 100);
    }
}
