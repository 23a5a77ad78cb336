using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// Running topology-spread counts, one <see cref="SpreadCounter"/> per question a cycle has asked
/// (e.g. "pods of ReplicaSet web per hostname"): the first ask counts from the pod index, then every
/// pod placed or removed updates the counters it can match, so a cycle reads its counts instead of
/// visiting every pod of the workload again. Counters are found for a pod through one equality
/// requirement of their selector (those without one are checked for every pod of the namespace).
/// </summary>
internal sealed class SpreadCounts
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, SpreadCounter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Key, string Value), List<SpreadCounter>> _byLabel = [];
    private readonly Dictionary<string, List<SpreadCounter>> _unindexed = new(StringComparer.Ordinal);

    public int Count => _counters.Count;

    /// <summary>The counter for <paramref name="query"/>, made (and filled by <paramref name="fill"/>) on first use.</summary>
    public SpreadCounter Get(SpreadQuery query, DateTimeOffset now, Action<SpreadCounter> fill)
    {
        var id = query.Identity();
        if (!_counters.TryGetValue(id, out var counter))
        {
            counter = new SpreadCounter(query);
            fill(counter);
            _counters[id] = counter;
            Bucket(query).Add(counter);
        }

        counter.LastRead = now;
        return counter;
    }

    /// <summary>A pod was placed on (+1) or removed from (-1) a node with these labels.</summary>
    public void Apply(PodInfo pod, IReadOnlyDictionary<string, string> nodeLabels, int delta)
    {
        if (_counters.Count == 0)
        {
            return;
        }

        if (pod.Labels is { } labels)
        {
            foreach (var (key, value) in labels)
            {
                if (_byLabel.TryGetValue((pod.Namespace, key, value?.ToString() ?? string.Empty), out var counters))
                {
                    ApplyAll(counters, pod, nodeLabels, delta);
                }
            }
        }

        if (_unindexed.TryGetValue(pod.Namespace, out var rest))
        {
            ApplyAll(rest, pod, nodeLabels, delta);
        }
    }

    /// <summary>Drops counters no cycle has read for a while (workloads gone or scaled away), so adds stop paying for them.</summary>
    public void DropUnused(DateTimeOffset now)
    {
        foreach (var (id, counter) in _counters.Where(c => now - c.Value.LastRead > Unused).ToList())
        {
            _counters.Remove(id);
            var bucket = Bucket(counter.Query);
            bucket.Remove(counter);
            if (bucket.Count > 0)
            {
                continue;
            }

            if (IndexKey(counter.Query) is { } key)
            {
                _byLabel.Remove(key);
            }
            else
            {
                _unindexed.Remove(counter.Query.Namespace);
            }
        }
    }

    private static void ApplyAll(List<SpreadCounter> counters, PodInfo pod, IReadOnlyDictionary<string, string> nodeLabels, int delta)
    {
        foreach (var counter in counters)
        {
            counter.Apply(pod, nodeLabels, delta);
        }
    }

    private List<SpreadCounter> Bucket(SpreadQuery query)
    {
        if (IndexKey(query) is { } key)
        {
            if (!_byLabel.TryGetValue(key, out var list))
            {
                list = [];
                _byLabel[key] = list;
            }

            return list;
        }

        if (!_unindexed.TryGetValue(query.Namespace, out var rest))
        {
            rest = [];
            _unindexed[query.Namespace] = rest;
        }

        return rest;
    }

    /// <summary>The first single-value equality requirement: every pod the counter can count carries that label pair.</summary>
    private static (string Ns, string Key, string Value)? IndexKey(SpreadQuery query)
    {
        foreach (var requirement in query.Selector.Requirements)
        {
            if (requirement.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In && requirement.Values.Count == 1)
            {
                return (query.Namespace, requirement.Key, requirement.Values[0]);
            }
        }

        return null;
    }
}
