using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Cluster;
using Kubesharp.Testing.Polling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Simulation.Tests;

public sealed class HollowClusterTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Leases = BuiltInResources.Get("coordination.k8s.io", "leases");

    [Fact]
    public async Task Run_ThreeNodes_RegisterReadyRenewLeasesAndRunBoundPods()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new HollowOptions(3) { HeartbeatInterval = TimeSpan.FromMilliseconds(500), JobRunTime = TimeSpan.FromMilliseconds(300) };
        var run = HollowCluster.RunAsync(api.Client, options, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        var nodes = (await api.Client.ListAsync(Nodes, null, new ListRequest(), ct))["items"]!.AsArray();
        Assert.Equal(["hollow-0", "hollow-1", "hollow-2"], nodes.Select(n => n!["metadata"]!["name"]!.GetValue<string>()).Order());
        var first = await Poll.UntilAsync(() => TryGetLeaseAsync(api, "hollow-1", ct), l => l is not null, ct);
        var renewed = await Poll.UntilAsync(() => TryGetLeaseAsync(api, "hollow-1", ct), l => l?["spec"]?["renewTime"]?.GetValue<string>() != first!["spec"]!["renewTime"]!.GetValue<string>(), ct);
        Assert.NotEqual(first!["spec"]!["renewTime"]!.GetValue<string>(), renewed!["spec"]!["renewTime"]!.GetValue<string>());

        await api.Client.CreateAsync(Pods, "default", Pod("web", "hollow-1", job: false), ct);
        await api.Client.CreateAsync(Pods, "default", Pod("batch", "hollow-2", job: true), ct);
        var web = await Poll.UntilAsync(() => api.Client.GetAsync(Pods, "default", "web", ct), p => p["status"]?["phase"]?.GetValue<string>() == "Running", ct);
        Assert.StartsWith("10.128.1.", web["status"]!["podIP"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(web["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");
        var batch = await Poll.UntilAsync(() => api.Client.GetAsync(Pods, "default", "batch", ct), p => p["status"]?["phase"]?.GetValue<string>() == "Succeeded", ct);
        Assert.Equal("Succeeded", batch["status"]!["phase"]!.GetValue<string>());

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    [Fact]
    public async Task Run_NodeMarkedUnknown_PostsReadyAgainOnTheNextHeartbeat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = HollowCluster.RunAsync(api.Client, new HollowOptions(2) { HeartbeatInterval = TimeSpan.FromMilliseconds(500) }, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        // What the node lifecycle controller writes when heartbeats were late.
        var node = await api.Client.GetAsync(Nodes, null, "hollow-0", ct);
        foreach (var condition in node["status"]!["conditions"]!.AsArray())
        {
            condition!["status"] = "Unknown";
            condition["reason"] = "NodeStatusUnknown";
        }

        await api.Client.UpdateStatusAsync(Nodes, node, ct);
        var healed = await Poll.UntilAsync(() => api.Client.GetAsync(Nodes, null, "hollow-0", ct), n => ReadyStatus(n) == "True", ct);
        Assert.Equal("KubeletReady", healed["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Ready")!["reason"]!.GetValue<string>());
        Assert.Equal("True", ReadyStatus(await api.Client.GetAsync(Nodes, null, "hollow-1", ct)));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    private static string? ReadyStatus(JsonObject node) =>
        node["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready")?["status"]?.GetValue<string>();

    private static JsonObject Pod(string name, string node, bool job)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (job)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = "j", ["uid"] = "00000000-0000-0000-0000-0000000000aa" });
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };
    }

    private static async Task<JsonObject?> TryGetLeaseAsync(InProcessApiServer api, string node, CancellationToken ct)
    {
        try
        {
            return await api.Client.GetAsync(Leases, "kube-node-lease", node, ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }
}
