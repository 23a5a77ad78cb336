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
    public static Decision Decide(PodInfo pod, IClusterState cluster, Profile profile, ref int start)
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
        var feasible = new List<NodeInfo>(Math.Min(wanted, nodes.Count));
        var visited = 0;
        for (; visited < nodes.Count && feasible.Count < wanted; visited++)
        {
            var node = nodes[(start + visited) % nodes.Count];
            var refused = false;
            foreach (var filter in profile.Filters)
            {
                var why = filter.Filter(pod, node);
                if (why.Count == 0)
                {
                    continue;
                }

                foreach (var reason in why)
                {
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                }

                refused = true;
                break;
            }

            for (var c = 0; !refused && c < (cycles?.Count ?? 0); c++)
            {
                if (cycles![c].Cycle.Filter(node) is { } reason)
                {
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    refused = true;
                }
            }

            if (!refused)
            {
                feasible.Add(node);
            }
        }

        start = (start + visited) % nodes.Count;
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

        NodeInfo? best = null;
        var bestScore = long.MinValue;
        var ties = 0;
        for (var i = 0; i < feasible.Count; i++)
        {
            var node = feasible[i];
            var score = totals[i];
            foreach (var scorer in profile.Scores)
            {
                score += scorer.Score(pod, node) * scorer.Weight;
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
