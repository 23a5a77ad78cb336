using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Nodes;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Node;

/// <summary>
/// The node's side of the node lifecycle: registers the Node, renews its Lease in kube-node-lease
/// (upstream: every 10 s) and writes the status (conditions, images, capacity) periodically and
/// whenever the images change.
/// </summary>
internal sealed partial class NodeAgent(IApiClient client, KubeletOptions options, IRuntimeService runtime, IImageService images, ILogger log, TimeProvider time)
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private string imagesSeen = "";

    private static readonly TimeSpan PodCidrPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The podCIDR the cluster gave this node already (a restart), or null when none or the node is new.</summary>
    public static async Task<string?> AssignedPodCidrAsync(IApiClient client, KubeletOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var node = await client.GetAsync(Nodes, null, options.NodeName, cancellationToken).ConfigureAwait(false);
            return PodCidrOf(node);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the Node, or refreshes labels and status of the one registered before (a restart).
    /// <paramref name="podCidr"/> is written to spec when the node has none (the kubelet's own range
    /// without a controller manager); null leaves spec.podCIDR to the node IPAM controller.
    /// </summary>
    public async Task RegisterAsync(string? podCidr, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(cancellationToken).ConfigureAwait(false);
        var node = NodeObjects.Node(options, facts, podCidr, time.GetUtcNow());
        try
        {
            await client.CreateAsync(Nodes, null, node, cancellationToken).ConfigureAwait(false);
            LogRegistered(log, options.NodeName, podCidr ?? "to be assigned by the controller manager");
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            var existing = await client.GetAsync(Nodes, null, options.NodeName, cancellationToken).ConfigureAwait(false);
            if (existing["metadata"]!["labels"] is not JsonObject labels)
            {
                labels = [];
                existing["metadata"]!["labels"] = labels;
            }

            foreach (var (key, value) in (JsonObject)node["metadata"]!["labels"]!)
            {
                labels[key] = value?.DeepClone();
            }

            if (podCidr is not null && PodCidrOf(existing) is null)
            {
                existing["spec"] = node["spec"]!.DeepClone();
            }

            existing = await client.UpdateAsync(Nodes, existing, cancellationToken).ConfigureAwait(false);
            existing["status"] = NodeObjects.Status(options, facts, existing["status"] as JsonObject, time.GetUtcNow());
            await client.UpdateStatusAsync(Nodes, existing, cancellationToken).ConfigureAwait(false);
            LogReregistered(log, options.NodeName);
        }

        imagesSeen = ImagesKey(facts.Images);
        await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (at most <see cref="KubeletOptions.PodCidrWait"/>) for the node IPAM controller to set
    /// spec.podCIDR on the registered node; after that the configured default, with a warning.
    /// </summary>
    public async Task<string> WaitForPodCidrAsync(CancellationToken cancellationToken)
    {
        LogWaitingForPodCidr(log, options.NodeName, options.PodCidrWait.TotalSeconds);
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < options.PodCidrWait)
        {
            try
            {
                var node = await client.GetAsync(Nodes, null, options.NodeName, cancellationToken).ConfigureAwait(false);
                if (PodCidrOf(node) is { } cidr)
                {
                    var waited = (long)time.GetElapsedTime(started).TotalMilliseconds;
                    LogPodCidrAssigned(log, options.NodeName, cidr, waited);
                    return cidr;
                }
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                // The API may blink (a restarting server); keep asking until the deadline.
            }

            await Task.Delay(PodCidrPoll, time, cancellationToken).ConfigureAwait(false);
        }

        LogNoPodCidr(log, options.NodeName, options.PodCidrWait.TotalSeconds, options.PodCidr);
        return options.PodCidr;
    }

    private static string? PodCidrOf(JsonObject node) =>
        node["spec"]?["podCIDR"] is JsonValue value && value.TryGetValue<string>(out var cidr) && cidr.Length > 0 ? cidr : null;

    /// <summary>Renews the Lease every interval and writes status every report interval or when images change.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.LeaseInterval, time);
        var lastStatus = time.GetUtcNow();
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                var imageList = await images.ListImagesAsync(cancellationToken).ConfigureAwait(false);
                if (now - lastStatus >= options.StatusReportInterval || ImagesKey(imageList) != imagesSeen)
                {
                    await WriteStatusAsync(cancellationToken).ConfigureAwait(false);
                    lastStatus = now;
                }
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or CriException)
            {
                LogHeartbeatFailed(log, e.Message);
            }
        }
    }

    private async Task WriteStatusAsync(CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var node = await client.GetAsync(Nodes, null, options.NodeName, cancellationToken).ConfigureAwait(false);
            node["status"] = NodeObjects.Status(options, facts, node["status"] as JsonObject, time.GetUtcNow());
            try
            {
                await client.UpdateStatusAsync(Nodes, node, cancellationToken).ConfigureAwait(false);
                imagesSeen = ImagesKey(facts.Images);
                return;
            }
            catch (ApiException e) when (e.IsConflict)
            {
                // Another writer (node lifecycle controller) won; read again.
            }
        }
    }

    private Task RenewLeaseAsync(CancellationToken cancellationToken) =>
        NodeLeases.RenewAsync(client, options.NodeName, time.GetUtcNow(), cancellationToken);

    private async Task<NodeFacts> FactsAsync(CancellationToken cancellationToken)
    {
        var version = await runtime.VersionAsync(cancellationToken).ConfigureAwait(false);
        var imageList = await images.ListImagesAsync(cancellationToken).ConfigureAwait(false);
        long storage = 0;
        try
        {
            storage = new DriveInfo(options.DataDirectory).TotalSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // no figure: reported as 0
        }

        return new NodeFacts(MachineInfo.Read(), version, imageList, options.InternalIp, options.NodeName) { EphemeralStorageBytes = storage };
    }

    private static string ImagesKey(IReadOnlyList<ImageInfo> images) => string.Join(',', images.Select(i => i.Id).Order(StringComparer.Ordinal));

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} registered (podCIDR {PodCidr})")]
    private static partial void LogRegistered(ILogger logger, string node, string podCidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: waiting up to {Seconds} s for the controller manager to assign a podCIDR")]
    private static partial void LogWaitingForPodCidr(ILogger logger, string node, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: podCIDR {PodCidr} assigned by the controller manager after {Milliseconds} ms")]
    private static partial void LogPodCidrAssigned(ILogger logger, string node, string podCidr, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node}: no podCIDR assigned within {Seconds} s (is the controller manager running with a cluster CIDR?); using {PodCidr}, whose pod addresses may collide with another node's")]
    private static partial void LogNoPodCidr(ILogger logger, string node, double seconds, string podCidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} was registered before; status refreshed")]
    private static partial void LogReregistered(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node heartbeat failed: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string error);
}
