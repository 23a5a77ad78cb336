using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>One pod's topology-spread state: matching pods per domain for each DoNotSchedule constraint.</summary>
internal sealed class PodTopologySpreadCycle(
    PodTopologySpread plugin,
    PodInfo pod,
    IClusterState cluster,
    IReadOnlyList<SpreadConstraint> hard,
    IReadOnlyList<IReadOnlyDictionary<string, long>> domains,
    long[] minimums,
    IReadOnlyList<SpreadConstraint> soft,
    bool requireAllKeys = true) : ICycle
{
    public const string Reason = "node(s) didn't match pod topology spread constraints";
    public const string MissingLabelReason = Reason + " (missing required label)";

    public string? Filter(NodeInfo node)
    {
        for (var i = 0; i < hard.Count; i++)
        {
            var c = hard[i];
            if (TopologyCounts.Label(node, c.TopologyKey) is not { } value)
            {
                return MissingLabelReason;
            }

            var self = c.Selector.Matches(pod.Labels) ? 1 : 0;
            if (domains[i].GetValueOrDefault(value) + self - minimums[i] > c.MaxSkew)
            {
                return Reason;
            }
        }

        return null;
    }

    /// <summary>
    /// Upstream's scoring: per node, the sum over constraints of matching pods in its domain × log(domains + 2)
    /// + maxSkew - 1; then the fewest → 100. Nodes missing a constraint's key score 0, except under the
    /// system defaults, where such a node just gets nothing from that constraint (upstream's requireAllTopologies).
    /// </summary>
    public void Score(IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        Array.Clear(scores, 0, nodes.Count);
        if (soft.Count == 0)
        {
            return;
        }

        // One pass reads each node's value per constraint (a node missing a key it needs is marked -1),
        // collecting the distinct values (the domains); a scored node is in its own domain, so its
        // count is then a lookup in the running counts. Hostnames are not collected: every node is its
        // own domain there, so the domains are the nodes that have the label (upstream counts the
        // filtered nodes for that key likewise), and hashing hundreds of them per pod was most of a score.
        var values = plugin.Scratch.Values(nodes.Count * soft.Count);
        var domains = plugin.Scratch.Domains(soft.Count);
        // A pod may list any number of constraints: on the stack only while that is small.
        Span<bool> byHost = soft.Count <= 32 ? stackalloc bool[soft.Count] : new bool[soft.Count];
        Span<int> hosts = soft.Count <= 32 ? stackalloc int[soft.Count] : new int[soft.Count];
        for (var j = 0; j < soft.Count; j++)
        {
            byHost[j] = soft[j].TopologyKey == NodeInfo.HostnameLabel;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (requireAllKeys && !PodTopologySpread.HasKeys(nodes[i], soft))
            {
                scores[i] = -1;
                continue;
            }

            for (var j = 0; j < soft.Count; j++)
            {
                if (TopologyCounts.Label(nodes[i], soft[j].TopologyKey) is { } value)
                {
                    values[(i * soft.Count) + j] = value;
                    if (byHost[j])
                    {
                        hosts[j]++;
                    }
                    else
                    {
                        domains[j].Add(value);
                    }
                }
            }
        }

        var counts = new IReadOnlyDictionary<string, long>[soft.Count];
        var logDomains = new double[soft.Count];
        for (var j = 0; j < soft.Count; j++)
        {
            counts[j] = plugin.Counts(soft[j], pod, cluster, requireAllKeys ? soft : [soft[j]]);
            logDomains[j] = Math.Log((byHost[j] ? hosts[j] : domains[j].Count) + 2);
        }

        long min = long.MaxValue, max = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (scores[i] < 0)
            {
                continue;
            }

            double raw = 0;
            for (var j = 0; j < soft.Count; j++)
            {
                if (values[(i * soft.Count) + j] is not { } value)
                {
                    continue; // system defaults only: this constraint says nothing about the node
                }

                var count = counts[j].Count == 0 ? 0 : counts[j].GetValueOrDefault(value);
                raw += (count * logDomains[j]) + (soft[j].MaxSkew - 1);
            }

            scores[i] = (long)Math.Round(raw);
            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            scores[i] = scores[i] < 0 ? 0 : max == 0 ? 100 : 100 * (max + min - scores[i]) / max;
        }
    }
}
