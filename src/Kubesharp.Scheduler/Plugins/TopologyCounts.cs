using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Plugins;

/// <summary>Counts per topology pair (label key, value), shared by the pod-affinity cycle's filter and score.</summary>
internal sealed class TopologyCounts
{
    private readonly Dictionary<(string Key, string Value), long> _counts = [];

    public int Count => _counts.Count;

    public IEnumerable<KeyValuePair<(string Key, string Value), long>> Pairs => _counts;

    public long this[string key, string value] => _counts.GetValueOrDefault((key, value));

    public void Add(NodeInfo node, string topologyKey, long amount)
    {
        if (Label(node, topologyKey) is { } value)
        {
            _counts[(topologyKey, value)] = _counts.GetValueOrDefault((topologyKey, value)) + amount;
        }
    }

    /// <summary>Adds <paramref name="amount"/> for every placed pod <paramref name="term"/> selects, at its node's value.</summary>
    public void AddMatching(AffinityTerm term, IClusterState cluster, long amount)
    {
        var namespaces = term.NamespaceSelector is null
            ? term.Namespaces
            : cluster.Namespaces.Where(ns => term.NamespaceMatches(ns, cluster.NamespaceLabels)).ToList();
        foreach (var ns in namespaces)
        {
            foreach (var placed in cluster.Matching(ns, term.Selector))
            {
                Add(placed.Node, term.TopologyKey, amount);
            }
        }
    }

    /// <summary>Whether any of the node's labels is a pair with a positive count.</summary>
    public bool AnyPositive(NodeInfo node)
    {
        foreach (var (key, value) in node.LabelValues)
        {
            if (_counts.GetValueOrDefault((key, value)) > 0)
            {
                return true;
            }
        }

        return false;
    }

    public static string? Label(NodeInfo node, string key) => node.Label(key);
}
