using System.Net;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.NodeIpam;

/// <summary>
/// Upstream's node-ipam-controller with the range allocator: every Node without
/// <c>spec.podCIDR</c> gets the next free node range of the cluster CIDR (podCIDR and podCIDRs),
/// never one another node holds. Ranges already on Nodes are marked used before anything is
/// handed out, so a restarted manager rebuilds its state from the cluster; a deleted Node's range
/// is freed. When the cluster CIDR is full the Node gets a <c>CIDRNotAvailable</c> event and is
/// retried later. Idle when the manager was given no cluster CIDR.
/// </summary>
internal sealed partial class NodeIpamController(ControllerManagerOptions options) : ReconcilingController("node-ipam-controller", "Kubesharp.Controllers.NodeIpam", options.Workers)
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly TimeSpan ExhaustedRetry = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();

    // Which range each node holds (from its spec, or reserved here until the update lands).
    private readonly Dictionary<string, IPNetwork> _byNode = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedExhausted = new(StringComparer.Ordinal);
    private CidrSet? _set;
    private IInformer _nodes = null!;
    private IEventRecorder _events = null!;

    protected override void Watch(ControllerContext context)
    {
        if (options.ClusterCidr is null)
        {
            return;
        }

        if (!IPNetwork.TryParse(options.ClusterCidr, out var cluster))
        {
            throw new ArgumentException($"node IPAM: cluster CIDR '{options.ClusterCidr}' is not an address range like 10.42.0.0/16");
        }

        _set = new CidrSet(cluster, options.NodeCidrMaskSize);
        _events = context.Events(Name);
        _nodes = context.Informers.For(Nodes);
        _nodes.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add) with
        {
            // A deleted node's range is freed here, in event order, not when a worker reaches its key: a
            // node created right after it could otherwise be reconciled first, find the cluster full and
            // wait out the exhausted retry although a range was free.
            OnDelete = node =>
            {
                var key = ObjectKeys.Key(node);
                Forget(key);
                Loop.Queue.Add(key);
            },
        });
    }

    public override Task RunAsync(CancellationToken cancellationToken)
    {
        if (_set is null)
        {
            return Task.CompletedTask;
        }

        // Before the first allocation: every range the cluster already uses is taken (restart safety).
        foreach (var node in _nodes.Store.List())
        {
            if (Json.Str(node, "metadata", "name") is { } name && Assigned(node) is { } cidr)
            {
                Observe(name, cidr);
            }
        }

        LogStarted(Logger, _set.Cluster, options.NodeCidrMaskSize, _set.Used, _set.Capacity);
        return base.RunAsync(cancellationToken);
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_nodes.Store.Get(key) is not { } node)
        {
            Forget(key);
            return;
        }

        if (Assigned(node) is { } existing)
        {
            Observe(key, existing);
            return;
        }

        if (!TryReserve(key, out var cidr))
        {
            bool first;
            lock (_gate)
            {
                first = _reportedExhausted.Add(key);
            }

            if (first)
            {
                _events.Record(node, EventType.Normal, "CIDRNotAvailable", $"Node {key} status is now: CIDRNotAvailable");
                LogExhausted(Logger, key, _set!.Cluster);
            }

            Loop.Queue.AddAfter(key, ExhaustedRetry);
            return;
        }

        var updated = (JsonObject)node.DeepClone();
        if (updated["spec"] is not JsonObject spec)
        {
            spec = [];
            updated["spec"] = spec;
        }

        var text = cidr.ToString();
        spec["podCIDR"] = text;
        spec["podCIDRs"] = new JsonArray(text);
        try
        {
            await Client.UpdateAsync(Nodes, updated, cancellationToken);
            LogAssigned(Logger, key, text);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            Forget(key);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // The node changed meanwhile (its kubelet's status, a label): the reservation stays with
            // this node and the newer version is updated on the next pass.
            Loop.Queue.AddRateLimited(key);
        }
    }

    /// <summary>The node's assigned IPv4 range: podCIDRs' IPv4 entry, else podCIDR; null when none or unparsable.</summary>
    internal static IPNetwork? Assigned(JsonObject node)
    {
        var candidates = (node["spec"]?["podCIDRs"] as JsonArray)?.Select(c => c?.GetValue<string>()).ToList() ?? [];
        candidates.Add(Json.Str(node, "spec", "podCIDR"));
        foreach (var text in candidates)
        {
            if (IPNetwork.TryParse(text, out var cidr) && cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return cidr;
            }
        }

        return null;
    }

    private bool TryReserve(string node, out IPNetwork cidr)
    {
        lock (_gate)
        {
            if (_byNode.TryGetValue(node, out cidr))
            {
                return true;
            }

            if (!_set!.TryAllocate(out cidr))
            {
                return false;
            }

            _byNode[node] = cidr;
            _reportedExhausted.Remove(node);
            return true;
        }
    }

    /// <summary>The node holds <paramref name="cidr"/> (its spec says so): mark it used, dropping a different reservation.</summary>
    private void Observe(string node, IPNetwork cidr)
    {
        lock (_gate)
        {
            if (_byNode.TryGetValue(node, out var held) && held.Equals(cidr))
            {
                return;
            }

            if (_byNode.ContainsKey(node))
            {
                ReleaseLocked(node);
            }

            if (!_set!.Cluster.Contains(cidr.BaseAddress))
            {
                // A range from elsewhere (set by hand, or by a kubelet with its own): not ours to track.
                LogOutside(Logger, node, cidr, _set.Cluster);
                return;
            }

            if (_byNode.Any(p => p.Value.Equals(cidr)))
            {
                LogDuplicate(Logger, node, cidr, _byNode.First(p => p.Value.Equals(cidr)).Key);
            }

            _set.Occupy(cidr);
            _byNode[node] = cidr;
            _reportedExhausted.Remove(node);
        }
    }

    private void Forget(string node)
    {
        lock (_gate)
        {
            _reportedExhausted.Remove(node);
            if (_byNode.TryGetValue(node, out var cidr))
            {
                ReleaseLocked(node);
                LogReleased(Logger, node, cidr);
            }
        }
    }

    private void ReleaseLocked(string node)
    {
        var cidr = _byNode[node];
        _byNode.Remove(node);

        // Two nodes given the same range by hand: it stays used while either holds it.
        if (!_byNode.Values.Any(c => c.Equals(cidr)))
        {
            _set!.Release(cidr);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node IPAM: allocating /{Mask} node ranges from {Cluster}; {Used} of {Capacity} in use")]
    private static partial void LogStarted(ILogger logger, IPNetwork cluster, int mask, int used, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: podCIDR {Cidr} assigned")]
    private static partial void LogAssigned(ILogger logger, string node, string cidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} deleted: podCIDR {Cidr} released")]
    private static partial void LogReleased(ILogger logger, string node, IPNetwork cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node}: no podCIDR left in cluster CIDR {Cluster} (CIDRNotAvailable); retrying")]
    private static partial void LogExhausted(ILogger logger, string node, IPNetwork cluster);

    [LoggerMessage(Level = LogLevel.Debug, Message = "node {Node}: podCIDR {Cidr} lies outside cluster CIDR {Cluster}; left alone")]
    private static partial void LogOutside(ILogger logger, string node, IPNetwork cidr, IPNetwork cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node}: podCIDR {Cidr} is also held by node {Other}; their pod addresses may collide")]
    private static partial void LogDuplicate(ILogger logger, string node, IPNetwork cidr, string other);
}
