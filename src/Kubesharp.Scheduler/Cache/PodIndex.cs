using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// Placed pod keys by namespace and by namespace + label pair, so a selector's candidates are the
/// smallest bucket among its equality requirements instead of every pod in the cluster.
/// </summary>
internal sealed class PodIndex
{
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Key, string Value), HashSet<string>> _byLabel = [];

    public IEnumerable<string> Namespaces => _byNamespace.Keys;

    public void Add(PodInfo pod)
    {
        Bucket(_byNamespace, pod.Namespace).Add(pod.Key);
        foreach (var (key, value) in pod.Labels ?? [])
        {
            Bucket(_byLabel, (pod.Namespace, key, value?.ToString() ?? string.Empty)).Add(pod.Key);
        }
    }

    public void Remove(PodInfo pod)
    {
        Drop(_byNamespace, pod.Namespace, pod.Key);
        foreach (var (key, value) in pod.Labels ?? [])
        {
            Drop(_byLabel, (pod.Namespace, key, value?.ToString() ?? string.Empty), pod.Key);
        }
    }

    /// <summary>Keys that may match (a superset); the caller checks the selector on each.</summary>
    public IReadOnlyCollection<string> Candidates(string ns, LabelSelector selector)
    {
        if (!_byNamespace.TryGetValue(ns, out var best))
        {
            return [];
        }

        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In && requirement.Values.Count == 1)
            {
                var bucket = _byLabel.GetValueOrDefault((ns, requirement.Key, requirement.Values[0]));
                if (bucket is null)
                {
                    return [];
                }

                if (bucket.Count < best.Count)
                {
                    best = bucket;
                }
            }
        }

        return best;
    }

    private static HashSet<string> Bucket<TKey>(Dictionary<TKey, HashSet<string>> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map[key] = set;
        }

        return set;
    }

    private static void Drop<TKey>(Dictionary<TKey, HashSet<string>> map, TKey key, string podKey)
        where TKey : notnull
    {
        if (map.TryGetValue(key, out var set) && set.Remove(podKey) && set.Count == 0)
        {
            map.Remove(key);
        }
    }
}
