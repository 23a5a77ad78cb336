using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// Pod affinity and anti-affinity, as upstream's InterPodAffinity: the filter honours the pod's
/// required terms and the required anti-affinity of pods already placed (symmetry); the score adds
/// preferred weights of the pod's terms and of placed pods' terms that select it.
/// </summary>
internal sealed class InterPodAffinity : ICyclePlugin
{
    /// <summary>Upstream's hardPodAffinityWeight: how much a placed pod's required affinity to this one counts in scoring.</summary>
    private const long HardPodAffinityWeight = 1;

    public string Name => "InterPodAffinity";

    public int Weight => 2;

    public ICycle? Begin(PodInfo pod, IClusterState cluster)
    {
        var existingAnti = new TopologyCounts();
        var anyWithAffinity = false;
        foreach (var placed in cluster.WithAffinity)
        {
            anyWithAffinity = true;
            foreach (var term in placed.Pod.Affinity!.RequiredAntiAffinity)
            {
                if (term.Matches(pod, cluster.NamespaceLabels))
                {
                    existingAnti.Add(placed.Node, term.TopologyKey, 1);
                }
            }
        }

        if (pod.Affinity is null && !anyWithAffinity)
        {
            return null;
        }

        var affinity = new TopologyCounts();
        var anti = new TopologyCounts();
        foreach (var term in pod.Affinity?.RequiredAffinity ?? [])
        {
            affinity.AddMatching(term, cluster, 1);
        }

        foreach (var term in pod.Affinity?.RequiredAntiAffinity ?? [])
        {
            anti.AddMatching(term, cluster, 1);
        }

        return new InterPodAffinityCycle(pod, cluster, existingAnti, affinity, anti, HardPodAffinityWeight);
    }
}
