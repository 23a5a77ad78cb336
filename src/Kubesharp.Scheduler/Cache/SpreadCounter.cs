using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>The running answer to one <see cref="SpreadQuery"/>: matching pods per topology value, changed as pods come and go.</summary>
internal sealed class SpreadCounter(SpreadQuery query)
{
    private readonly Dictionary<string, long> _byValue = new(StringComparer.Ordinal);

    public SpreadQuery Query { get; } = query;

    /// <summary>Matching pods per topology value; values without any are absent.</summary>
    public IReadOnlyDictionary<string, long> ByValue => _byValue;

    /// <summary>When a cycle last read it (for dropping counters nobody asks about any more).</summary>
    public DateTimeOffset LastRead { get; set; }

    /// <summary>Counts <paramref name="pod"/> (delta +1) or uncounts it (-1), as placed on a node with <paramref name="nodeLabels"/>.</summary>
    public void Apply(PodInfo pod, IReadOnlyDictionary<string, string> nodeLabels, int delta)
    {
        if (pod.Terminating || pod.Namespace != Query.Namespace || !nodeLabels.TryGetValue(Query.TopologyKey, out var value))
        {
            return;
        }

        var keys = Query.NodeKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            if (!nodeLabels.ContainsKey(keys[i]))
            {
                return;
            }
        }

        if (!Query.Selector.Matches(pod.Labels))
        {
            return;
        }

        var n = _byValue.GetValueOrDefault(value) + delta;
        if (n == 0)
        {
            _byValue.Remove(value);
        }
        else
        {
            _byValue[value] = n;
        }
    }
}
