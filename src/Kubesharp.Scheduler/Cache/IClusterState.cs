using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// What the cluster-wide plugins (pod affinity, topology spread) read: nodes, pods by namespace and
/// label through an index (never a scan of every pod), pods carrying affinity terms, namespace labels.
/// Read under the cache lock during one scheduling cycle.
/// </summary>
internal interface IClusterState
{
    IReadOnlyList<NodeInfo> Nodes { get; }

    /// <summary>Placed pods in <paramref name="ns"/> that <paramref name="selector"/> selects.</summary>
    IEnumerable<PlacedPod> Matching(string ns, LabelSelector selector);

    /// <summary>Namespaces that have placed pods.</summary>
    IEnumerable<string> Namespaces { get; }

    /// <summary>Placed pods with pod (anti-)affinity terms of their own.</summary>
    IEnumerable<PlacedPod> WithAffinity { get; }

    JsonObject? NamespaceLabels(string ns);

    /// <summary>The running answer to <paramref name="query"/> (matching pods per topology value); read it within the cycle, do not keep it.</summary>
    IReadOnlyDictionary<string, long> SpreadCounts(SpreadQuery query);
}
