using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Scheduling;

/// <summary>
/// The filter phase of one cycle (upstream's findNodesThatPassFilters): nodes are tried from
/// <paramref name="start"/> round the list until <c>wanted</c> feasible ones are found. In parallel,
/// chunks of the list are checked at once and all stop as soon as enough are found, so which nodes
/// make the cut varies slightly; the count of nodes looked at still moves the next cycle's start.
/// Plugins only read the cache here (the caller holds its lock), so checking nodes concurrently is safe.
/// </summary>
internal sealed class NodeFilter(PodInfo pod, Profile profile, List<(ICycle Cycle, int Weight)>? cycles, IReadOnlyList<NodeInfo> nodes, int start)
{
    public (List<NodeInfo> Feasible, int Processed) Sequential(int wanted, Dictionary<string, int> reasons)
    {
        var feasible = new List<NodeInfo>(Math.Min(wanted, nodes.Count));
        var visited = 0;
        for (; visited < nodes.Count && feasible.Count < wanted; visited++)
        {
            var node = nodes[(start + visited) % nodes.Count];
            if (Refusal(node) is { } why)
            {
                Count(reasons, why);
            }
            else
            {
                feasible.Add(node);
            }
        }

        return (feasible, visited);
    }

    public (List<NodeInfo> Feasible, int Processed) Parallel(int wanted, int parallelism, Dictionary<string, int> reasons)
    {
        var found = new NodeInfo[Math.Min(wanted, nodes.Count)];
        var count = 0;
        var processed = 0;
        var gate = new Lock();
        var chunk = ChunkSize(nodes.Count, parallelism);
        System.Threading.Tasks.Parallel.For(0, (nodes.Count + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, (c, loop) =>
        {
            Dictionary<string, int>? local = null;
            var end = Math.Min(nodes.Count, (c + 1) * chunk);
            for (var i = c * chunk; i < end && Volatile.Read(ref count) < found.Length; i++)
            {
                var node = nodes[(start + i) % nodes.Count];
                if (Refusal(node) is { } why)
                {
                    Interlocked.Increment(ref processed);
                    Count(local ??= new Dictionary<string, int>(StringComparer.Ordinal), why);
                    continue;
                }

                var slot = Interlocked.Increment(ref count);
                if (slot > found.Length)
                {
                    Interlocked.Decrement(ref count); // another chunk filled the last place first
                    break;
                }

                found[slot - 1] = node;
                Interlocked.Increment(ref processed);
            }

            if (Volatile.Read(ref count) >= found.Length)
            {
                loop.Stop();
            }

            if (local is not null)
            {
                lock (gate)
                {
                    foreach (var (reason, n) in local)
                    {
                        reasons[reason] = reasons.GetValueOrDefault(reason) + n;
                    }
                }
            }
        });

        return (found.Take(count).ToList(), processed);
    }

    /// <summary>upstream's chunkSizeFor: about √n nodes a chunk, fewer when that would leave workers idle.</summary>
    public static int ChunkSize(int nodes, int parallelism) => Math.Max(1, Math.Min((int)Math.Sqrt(nodes), (nodes / parallelism) + 1));

    /// <summary>Null when the node passes every filter, else the reasons of the first that refused it.</summary>
    private IReadOnlyList<string>? Refusal(NodeInfo node)
    {
        // Index loops: foreach over an IReadOnlyList would allocate an enumerator for every node.
        var filters = profile.Filters;
        for (var f = 0; f < filters.Count; f++)
        {
            var why = filters[f].Filter(pod, node);
            if (why.Count > 0)
            {
                return why;
            }
        }

        for (var c = 0; c < (cycles?.Count ?? 0); c++)
        {
            if (cycles![c].Cycle.Filter(node) is { } reason)
            {
                return [reason];
            }
        }

        return null;
    }

    private static void Count(Dictionary<string, int> reasons, IReadOnlyList<string> why)
    {
        foreach (var reason in why)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }
    }
}
