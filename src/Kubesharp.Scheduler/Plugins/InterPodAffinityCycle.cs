using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>One pod's pod-affinity state: counts per topology pair computed once, then read per node.</summary>
internal sealed class InterPodAffinityCycle(
    PodInfo pod,
    IClusterState cluster,
    TopologyCounts existingAnti,
    TopologyCounts affinity,
    TopologyCounts anti,
    long hardPodAffinityWeight) : ICycle
{
    public const string AffinityReason = "node(s) didn't match pod affinity rules";
    public const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
    public const string ExistingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";

    public string? Filter(NodeInfo node)
    {
        if (!SatisfiesAffinity(node))
        {
            return AffinityReason;
        }

        if (anti.Count > 0)
        {
            foreach (var term in pod.Affinity!.RequiredAntiAffinity)
            {
                if (TopologyCounts.Label(node, term.TopologyKey) is { } value && anti[term.TopologyKey, value] > 0)
                {
                    return AntiAffinityReason;
                }
            }
        }

        return existingAnti.Count > 0 && existingAnti.AnyPositive(node) ? ExistingAntiAffinityReason : null;
    }

    public void Score(IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var topology = new TopologyCounts();
        foreach (var term in pod.Affinity?.PreferredAffinity ?? [])
        {
            topology.AddMatching(term, cluster, term.Weight);
        }

        foreach (var term in pod.Affinity?.PreferredAntiAffinity ?? [])
        {
            topology.AddMatching(term, cluster, -term.Weight);
        }

        foreach (var placed in cluster.WithAffinity)
        {
            var theirs = placed.Pod.Affinity!;
            Symmetric(theirs.RequiredAffinity, placed.Node, hardPodAffinityWeight);
            Symmetric(theirs.PreferredAffinity, placed.Node, 1);
            Symmetric(theirs.PreferredAntiAffinity, placed.Node, -1);
        }

        if (topology.Count == 0)
        {
            Array.Clear(scores, 0, nodes.Count);
            return;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            long sum = 0;
            foreach (var ((key, value), count) in topology.Pairs)
            {
                if (TopologyCounts.Label(nodes[i], key) == value)
                {
                    sum += count;
                }
            }

            scores[i] = sum;
        }

        Normalize(scores, nodes.Count);

        void Symmetric(IReadOnlyList<AffinityTerm> terms, NodeInfo on, long sign)
        {
            foreach (var term in terms)
            {
                if (term.Matches(pod, cluster.NamespaceLabels))
                {
                    topology.Add(on, term.TopologyKey, sign * term.Weight); // required terms weigh 1
                }
            }
        }
    }

    /// <summary>Upstream's NormalizeScore: min → 0, max → 100, all equal → 0.</summary>
    private static void Normalize(long[] scores, int count)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }

        for (var i = 0; i < count; i++)
        {
            scores[i] = max > min ? 100 * (scores[i] - min) / (max - min) : 0;
        }
    }

    /// <summary>
    /// Every required term's key on the node and a selected pod in its domain — unless no pod anywhere
    /// matches and the pod selects itself: the first of a group with affinity to itself must go somewhere.
    /// </summary>
    private bool SatisfiesAffinity(NodeInfo node)
    {
        var terms = pod.Affinity?.RequiredAffinity ?? [];
        var podsExist = true;
        foreach (var term in terms)
        {
            if (TopologyCounts.Label(node, term.TopologyKey) is not { } value)
            {
                return false;
            }

            if (affinity[term.TopologyKey, value] <= 0)
            {
                podsExist = false;
            }
        }

        return podsExist || (affinity.Count == 0 && terms.All(t => t.Matches(pod, cluster.NamespaceLabels)));
    }
}
