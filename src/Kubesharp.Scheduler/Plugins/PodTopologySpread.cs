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

    /// <summary>What <see cref="PodTopologySpreadCycle.Score"/> works in, reused from pod to pod.</summary>
    public SpreadScoreScratch Scratch { get; } = new();

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
        var domains = new List<IReadOnlyDictionary<string, long>>(hard.Count);
        var minimums = new long[hard.Count];
        for (var i = 0; i < hard.Count; i++)
        {
            var c = hard[i];
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in cluster.Nodes)
            {
                if (HasKeys(node, hard) && Includes(c, pod, node))
                {
                    values.Add(TopologyCounts.Label(node, c.TopologyKey)!);
                }
            }

            var counts = Counts(c, pod, cluster, hard);
            domains.Add(counts);
            minimums[i] = values.Count < c.MinDomains || values.Count == 0 ? 0 : values.Min(v => counts.GetValueOrDefault(v));
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
            if (!node.HasLabel(constraints[i].TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Selected, non-terminating pods in the pod's namespace per value of the constraint's key, on nodes
    /// that have every key of <paramref name="all"/> and that the pod's inclusion policies admit. When
    /// the policies admit every node (no node selector or required affinity to honour, taints ignored:
    /// the common case, and always so for the system defaults) this is the cache's running count;
    /// otherwise the selected pods are visited.
    /// </summary>
    public IReadOnlyDictionary<string, long> Counts(SpreadConstraint c, PodInfo pod, IClusterState cluster, IReadOnlyList<SpreadConstraint> all)
    {
        if (IncludesEveryNode(c, pod))
        {
            var keys = new string[all.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = all[i].TopologyKey;
            }

            return cluster.SpreadCounts(new SpreadQuery(pod.Namespace, c.Selector, c.TopologyKey, keys));
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var included = new Dictionary<NodeInfo, bool>();
        foreach (var placed in cluster.Matching(pod.Namespace, c.Selector))
        {
            if (placed.Pod.Terminating || TopologyCounts.Label(placed.Node, c.TopologyKey) is not { } value)
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
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return counts;
    }

    private static bool IncludesEveryNode(SpreadConstraint c, PodInfo pod) =>
        !c.HonorTaints && (!c.HonorNodeAffinity || pod.NodeConstraints is { Selector.Count: 0, Required: null });
}
