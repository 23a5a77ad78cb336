using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.PodGC;

/// <summary>
/// Upstream's pod garbage collector: force-deletes (grace period 0) pods no kubelet will ever
/// finish — pods bound to a node that does not exist (after a quarantine, re-checked against the
/// API), terminating pods that were never scheduled, terminating pods on a not-ready node tainted
/// out-of-service — and the oldest finished pods once there are more than the threshold.
/// </summary>
internal sealed partial class PodGCController(ControllerManagerOptions options) : ReconcilingController("pod-garbage-collector", "Kubesharp.Controllers.PodGC", options.Workers)
{
    /// <summary>The queue key of the pass over finished pods; never a pod key (those hold a '/' or no '~').</summary>
    internal const string TerminatedKey = "~terminated";

    private const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");

    // When each pod was first found on a missing node, so a node still being registered is not raced.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _orphanedSince = new(StringComparer.Ordinal);
    private IInformer _nodes = null!;
    private IInformer _pods = null!;

    protected override void Watch(ControllerContext context)
    {
        _nodes = context.Informers.For(Nodes);
        _pods = context.Informers.For(PodsType);
        _pods.AddHandler(new InformerHandler
        {
            OnAdd = PodChanged,
            OnUpdate = (_, pod) => PodChanged(pod),
        });
        _nodes.AddHandler(new InformerHandler
        {
            OnUpdate = (_, node) => EnqueuePodsOn(node),
            OnDelete = EnqueuePodsOn,
        });
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (key == TerminatedKey)
        {
            await CollectTerminatedAsync(cancellationToken);
            return;
        }

        if (_pods.Store.Get(key) is not { } pod)
        {
            _orphanedSince.TryRemove(key, out _);
            return;
        }

        var terminating = Json.Str(pod, "metadata", "deletionTimestamp") is not null;
        if (Json.Str(pod, "spec", "nodeName") is not { Length: > 0 } nodeName)
        {
            if (terminating)
            {
                await ForceDeleteAsync(pod, "unscheduled and terminating", cancellationToken);
            }

            return;
        }

        if (_nodes.Store.Get(nodeName) is { } node)
        {
            _orphanedSince.TryRemove(key, out _);
            if (terminating && !IsReady(node) && HasOutOfServiceTaint(node))
            {
                await ForceDeleteAsync(pod, $"terminating on out-of-service node {nodeName}", cancellationToken);
            }

            return;
        }

        await CollectOrphanedAsync(key, pod, nodeName, cancellationToken);
    }

    private async Task CollectOrphanedAsync(string key, JsonObject pod, string nodeName, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var since = _orphanedSince.GetOrAdd(key, now);
        if (now - since < options.PodGCQuarantine)
        {
            Loop.Queue.AddAfter(key, options.PodGCQuarantine - (now - since) + TimeSpan.FromMilliseconds(50));
            return;
        }

        // The cache may lag: ask the API whether the node is really gone.
        try
        {
            await Client.GetAsync(Nodes, null, nodeName, cancellationToken);
            _orphanedSince.TryRemove(key, out _);
            return;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // gone: the pod is orphaned
        }

        _orphanedSince.TryRemove(key, out _);
        await ForceDeleteAsync(pod, $"bound to node {nodeName} which does not exist", cancellationToken);
    }

    /// <summary>Over the threshold, the finished pods created first go first, as upstream's gcTerminated.</summary>
    private async Task CollectTerminatedAsync(CancellationToken cancellationToken)
    {
        var terminated = _pods.Store.List()
            .Where(p => Json.Str(p, "status", "phase") is "Succeeded" or "Failed" && Json.Str(p, "metadata", "deletionTimestamp") is null)
            .ToList();
        var excess = terminated.Count - options.TerminatedPodGCThreshold;
        if (options.TerminatedPodGCThreshold <= 0 || excess <= 0)
        {
            return;
        }

        foreach (var pod in terminated.OrderBy(p => Json.Str(p, "metadata", "creationTimestamp"), StringComparer.Ordinal).ThenBy(p => Json.Str(p, "metadata", "name"), StringComparer.Ordinal).Take(excess))
        {
            await ForceDeleteAsync(pod, "finished pods over the threshold", cancellationToken);
        }
    }

    private async Task ForceDeleteAsync(JsonObject pod, string reason, CancellationToken cancellationToken)
    {
        var ns = Json.Str(pod, "metadata", "namespace");
        var name = Json.Str(pod, "metadata", "name")!;
        try
        {
            await Client.DeleteAsync(PodsType, ns, name, new DeleteRequest { GracePeriodSeconds = 0, PreconditionUid = Json.Str(pod, "metadata", "uid") }, cancellationToken);
            LogForceDeleted(Logger, ns, name, reason);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // gone or replaced meanwhile
        }
    }

    private void PodChanged(JsonObject pod)
    {
        if (Json.Str(pod, "status", "phase") is "Succeeded" or "Failed")
        {
            Loop.Queue.Add(TerminatedKey);
        }

        if (Json.Str(pod, "metadata", "deletionTimestamp") is not null || Json.Str(pod, "spec", "nodeName") is { Length: > 0 })
        {
            Loop.Queue.Add(ObjectKeys.Key(pod));
        }
    }

    private void EnqueuePodsOn(JsonObject node)
    {
        foreach (var pod in _pods.Store.ByIndex(Indexers.ByNodeName, Json.Str(node, "metadata", "name") ?? ""))
        {
            Loop.Queue.Add(ObjectKeys.Key(pod));
        }
    }

    private static bool IsReady(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => Json.Str(c, "type") == "Ready") is { } ready && Json.Str(ready, "status") == "True";

    private static bool HasOutOfServiceTaint(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).Any(t => Json.Str(t, "key") == OutOfServiceTaint && Json.Str(t, "effect") is "NoExecute" or "NoSchedule");

    [LoggerMessage(Level = LogLevel.Information, Message = "force-deleted pod {Namespace}/{Name}: {Reason}")]
    private static partial void LogForceDeleted(ILogger logger, string? @namespace, string name, string reason);
}
