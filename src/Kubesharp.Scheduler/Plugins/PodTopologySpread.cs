using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// topologySpreadConstraints, as upstream's PodTopologySpread: DoNotSchedule constraints filter
/// (skew = pods in the node's domain + this one - the least loaded domain, at most maxSkew;
/// minDomains), ScheduleAnyway constraints score (fewer matching pods in the domain is better).
/// Counting goes through the cache's label index: only the selected pods are visited.
/// </summary>
internal sealed class PodTopologySpread(NodeAffinity nodeAffinity, TaintToleration taints, ISpreadSelectors? defaults = null) : ICyclePlugin
{
    public string Name => "PodTopologySpread";

    public int Weight => 2;

    public ICycle? Begin(PodInfo pod, IClusterState cluster)
    {
        var constraints = SpreadConstraint.From(pod.Pod, pod.Labels);
        var systemDefaulted = false;
        if (constraints.Count == 0 && defaults?.For(pod) is { IsEmpty: false } selector)
        {
            // A pod of a Service or workload without constraints of its own spreads softly anyway.
            constraints = SpreadConstraint.SystemDefaults(selector);
            systemDefaulted = true;
        }

        if (constraints.Count == 0)
        {
            return null;
        }

        var hard = constraints.Where(c => c.DoNotSchedule).ToList();
        var domains = new List<Dictionary<string, long>>(hard.Count);
        var minimums = new long[hard.Count];
        for (var i = 0; i < hard.Count; i++)
        {
            var c = hard[i];
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var node in cluster.Nodes)
            {
                if (HasKeys(node, hard) && Includes(c, pod, node))
                {
                    counts.TryAdd(TopologyCounts.Label(node, c.TopologyKey)!, 0);
                }
            }

            Count(c, pod, cluster, counts, hard);
            domains.Add(counts);
            minimums[i] = counts.Count < c.MinDomains || counts.Count == 0 ? 0 : counts.Values.Min();
        }

        return new PodTopologySpreadCycle(this, pod, cluster, hard, domains, minimums, constraints.Where(c => !c.DoNotSchedule).ToList(), requireAllKeys: !systemDefaulted);
    }

    /// <summary>Upstream's node inclusion policies: node affinity honoured by default, taints ignored by default.</summary>
    public bool Includes(SpreadConstraint c, PodInfo pod, NodeInfo node) =>
        (!c.HonorNodeAffinity || nodeAffinity.Filter(pod, node).Count == 0) && (!c.HonorTaints || taints.Filter(pod, node).Count == 0);

    public static bool HasKeys(NodeInfo node, IReadOnlyList<SpreadConstraint> constraints)
    {
        for (var i = 0; i < constraints.Count; i++) // index loop: runs per node per cycle
        {
            if (!node.LabelValues.ContainsKey(constraints[i].TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the selected, non-terminating pods in the pod's namespace to the domains already in <paramref name="counts"/>.</summary>
    public void Count(SpreadConstraint c, PodInfo pod, IClusterState cluster, Dictionary<string, long> counts, IReadOnlyList<SpreadConstraint> all)
    {
        var included = new Dictionary<NodeInfo, bool>();
        foreach (var placed in cluster.Matching(pod.Namespace, c.Selector))
        {
            if (placed.Pod.Terminating || TopologyCounts.Label(placed.Node, c.TopologyKey) is not { } value || !counts.TryGetValue(value, out var n))
            {
                continue;
            }

            if (!included.TryGetValue(placed.Node, out var ok))
            {
                ok = HasKeys(placed.Node, all) && Includes(c, pod, placed.Node);
                included[placed.Node] = ok;
            }

            if (ok)
            {
                counts[value] = n + 1;
            }
        }
    }
}
