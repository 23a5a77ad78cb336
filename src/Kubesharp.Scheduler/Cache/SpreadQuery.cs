using Kubesharp.Api.Selectors;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// What topology spreading counts: placed, non-terminating pods of <see cref="Namespace"/> that
/// <see cref="Selector"/> selects, per value of <see cref="TopologyKey"/> on their node, counting only
/// nodes that carry every label in <see cref="NodeKeys"/> (upstream's requireAllTopologies).
/// </summary>
internal sealed record SpreadQuery(string Namespace, LabelSelector Selector, string TopologyKey, IReadOnlyList<string> NodeKeys)
{
    /// <summary>One text per distinct question: the selector's canonical form (requirements sorted by key), the keys sorted.</summary>
    public string Identity()
    {
        var selector = Selector.IsEmpty ? "*" : Selector.Requirements.Count == 0 ? "!" : Selector.ToString();
        var keys = NodeKeys.Where(k => k != TopologyKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return string.Join('\n', [Namespace, selector, TopologyKey, .. keys]);
    }
}
