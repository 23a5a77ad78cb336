using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// Nodes and what is placed on them, from the informers plus pods the scheduler has just decided
/// on ("assumed") before the API confirms the binding — so the next decision already counts them
/// and throughput does not wait for watch round trips. An assumed pod is replaced by its bound
/// version when the informer sees it, and dropped if its binding fails or is never confirmed.
/// Pods are indexed by namespace and label, and those with affinity terms kept apart, so the
/// cluster-wide plugins read only the pods that can matter.
/// </summary>
internal sealed partial class SchedulerCache(TimeProvider time) : IClusterState
{
    private static readonly TimeSpan AssumeTtl = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Placement> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlacedPod> _withAffinity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _namespaceLabels = new(StringComparer.Ordinal);
    private readonly PodIndex _index = new();
    private readonly SpreadCounts _spread = new();

    public Lock Gate { get; } = new();

    private static readonly Comparer<NodeInfo> ByName = Comparer<NodeInfo>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name));
    private readonly List<NodeInfo> _sorted = [];

    /// <summary>Nodes that exist, in a stable order (by name); read under <see cref="Gate"/>.</summary>
    public IReadOnlyList<NodeInfo> Nodes => _sorted;

    public IEnumerable<string> Namespaces => _index.Namespaces;

    public IEnumerable<PlacedPod> WithAffinity => _withAffinity.Values;

    public IEnumerable<PlacedPod> Matching(string ns, LabelSelector selector)
    {
        foreach (var key in _index.Candidates(ns, selector))
        {
            var placement = _pods[key];
            if (selector.Matches(placement.Pod.Labels))
            {
                yield return new PlacedPod(placement.Pod, _nodes[placement.Node]);
            }
        }
    }

    public JsonObject? NamespaceLabels(string ns) => _namespaceLabels.GetValueOrDefault(ns);

    public IReadOnlyDictionary<string, long> SpreadCounts(SpreadQuery query) =>
        _spread.Get(query, time.GetUtcNow(), counter =>
        {
            foreach (var placed in Matching(query.Namespace, query.Selector))
            {
                counter.Apply(placed.Pod, placed.Node.LabelValues, +1);
            }
        }).ByValue;

    /// <summary>A namespace's labels, for affinity terms with a namespaceSelector.</summary>
    public void SetNamespace(string name, JsonObject? ns)
    {
        lock (Gate)
        {
            ApplyNamespace(name, ns);
        }
    }

    public void SetNode(string name, JsonObject? node)
    {
        lock (Gate)
        {
            ApplyNode(name, node);
        }
    }

    /// <summary>A pod seen by the informer: placed on its node if bound and not finished, else removed.</summary>
    public void SetPod(string key, JsonObject? pod)
    {
        var placed = Placed(key, pod);
        lock (Gate)
        {
            ApplyPod(key, placed);
        }
    }

    public void Assume(PodInfo pod, string node)
    {
        lock (Gate)
        {
            Remove(pod.Key);
            Add(pod.Key, node, pod, time.GetUtcNow());
        }
    }

    /// <summary>The binding failed: the pod is no longer on that node.</summary>
    public void Forget(string key)
    {
        lock (Gate)
        {
            if (_pods.TryGetValue(key, out var placement) && placement.AssumedAt is not null)
            {
                Remove(key);
            }
        }
    }

    public bool IsPlaced(string key)
    {
        lock (Gate)
        {
            return _pods.ContainsKey(key);
        }
    }

    /// <summary>Drops assumed pods whose binding was never confirmed (lost response, pod deleted meanwhile).</summary>
    public void ExpireAssumed()
    {
        lock (Gate)
        {
            var now = time.GetUtcNow();
            foreach (var key in _pods.Where(p => p.Value.AssumedAt is { } at && now - at > AssumeTtl).Select(p => p.Key).ToList())
            {
                Remove(key);
            }

            _spread.DropUnused(now);
        }
    }

    private void ApplyNamespace(string name, JsonObject? ns)
    {
        if (ns?["metadata"]?["labels"] is JsonObject labels)
        {
            _namespaceLabels[name] = labels;
        }
        else
        {
            _namespaceLabels.Remove(name);
        }
    }

    private void ApplyNode(string name, JsonObject? node)
    {
        var info = Info(name);
        var had = info.HasNode;
        var labelsBefore = info.LabelValues;
        info.SetNode(node);
        if (info.PodCount > 0 && !SameLabels(labelsBefore, info.LabelValues))
        {
            // Running spread counts hold each pod at its node's labels: move them to the new ones.
            foreach (var pod in info.Pods.Values)
            {
                _spread.Apply(pod, labelsBefore, -1);
                _spread.Apply(pod, info.LabelValues, +1);
            }
        }

        // Only a node coming or going changes the list: re-sorting on every update was quadratic while thousands registered.
        if (had != info.HasNode)
        {
            var at = _sorted.BinarySearch(info, ByName);
            if (info.HasNode && at < 0)
            {
                _sorted.Insert(~at, info);
            }
            else if (!info.HasNode && at >= 0)
            {
                _sorted.RemoveAt(at);
            }
        }

        if (node is null && info.PodCount == 0)
        {
            _nodes.Remove(name);
        }
    }

    /// <summary>Where an informer's pod goes in the cache (its node and parsed requests), or null when it takes no room; parsed outside the lock.</summary>
    private static (string Node, PodInfo Pod)? Placed(string key, JsonObject? pod)
    {
        var node = pod?["spec"]?["nodeName"]?.GetValue<string>();
        var phase = pod?["status"]?["phase"]?.GetValue<string>();
        return pod is not null && !string.IsNullOrEmpty(node) && phase is not ("Succeeded" or "Failed") ? (node, PodInfo.From(key, pod)) : null;
    }

    private void ApplyPod(string key, (string Node, PodInfo Pod)? placed)
    {
        Remove(key);
        if (placed is { } p)
        {
            Add(key, p.Node, p.Pod, assumedAt: null);
        }
    }

    private NodeInfo Info(string name)
    {
        if (!_nodes.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name);
            _nodes[name] = info;
        }

        return info;
    }

    private void Add(string key, string node, PodInfo pod, DateTimeOffset? assumedAt)
    {
        var info = Info(node);
        info.Requested = info.Requested.Plus(pod.Requests);
        info.NonZeroMilliCpu += pod.NonZeroMilliCpu;
        info.NonZeroMemory += pod.NonZeroMemory;
        info.PodCount++;
        info.Ports.AddRange(pod.Ports);
        info.Pods[key] = pod;
        _pods[key] = new Placement(node, pod, assumedAt);
        _index.Add(pod);
        _spread.Apply(pod, info.LabelValues, +1);
        if (pod.Affinity is not null)
        {
            _withAffinity[key] = new PlacedPod(pod, info);
        }
    }

    private void Remove(string key)
    {
        if (!_pods.Remove(key, out var placement) || !_nodes.TryGetValue(placement.Node, out var info))
        {
            return;
        }

        info.Requested = info.Requested.Minus(placement.Pod.Requests);
        info.NonZeroMilliCpu -= placement.Pod.NonZeroMilliCpu;
        info.NonZeroMemory -= placement.Pod.NonZeroMemory;
        info.PodCount--;
        info.Pods.Remove(key);
        _index.Remove(placement.Pod);
        _spread.Apply(placement.Pod, info.LabelValues, -1);
        _withAffinity.Remove(key);
        foreach (var port in placement.Pod.Ports)
        {
            info.Ports.Remove(port);
        }
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b) || (a.Count == 0 && b.Count == 0))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Placement(string Node, PodInfo Pod, DateTimeOffset? AssumedAt);
}
