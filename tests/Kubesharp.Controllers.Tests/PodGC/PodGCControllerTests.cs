using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.PodGC;

public sealed class PodGCControllerTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    private static ControllerManagerOptions Options(int threshold = 12500) =>
        new("test") { LeaderElect = false, PodGCQuarantine = TimeSpan.FromSeconds(1), TerminatedPodGCThreshold = threshold };

    [Fact]
    public async Task Reconcile_PodsOnMissingNode_ForceDeletedAfterQuarantine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, Options());
        await harness.Client.CreateAsync(Nodes, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "real" } }, ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("kept", "real"), ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("orphan", "ghost"), ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("terminating", "ghost"), ct);
        var marked = await harness.Client.DeleteAsync(ControllerHarness.Pods, "default", "terminating", null, ct);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);

        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=gc", ct), p => p.Count == 1, ct);

        Assert.Equal("kept", Assert.Single(left)["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_TerminatingOnOutOfServiceNotReadyNode_ForceDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, Options());
        await harness.Client.CreateAsync(Nodes, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "down" },
            ["spec"] = new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "node.kubernetes.io/out-of-service", ["effect"] = "NoExecute" }) },
        }, ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("p", "down"), ct);

        // The taint evicts it (graceful: only marked, no kubelet finishes it); PodGC must remove it.
        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=gc", ct), p => p.Count == 0, ct);

        Assert.Empty(left);
    }

    [Fact]
    public async Task Reconcile_FinishedPodsOverThreshold_OldestDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, Options(threshold: 2));
        await harness.Client.CreateAsync(Nodes, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "real" } }, ct);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var pod = await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod(name, "real"), ct);
            pod["status"] = new JsonObject { ["phase"] = "Succeeded" };
            await harness.Client.UpdateStatusAsync(ControllerHarness.Pods, pod, ct);
        }

        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=gc", ct), p => p.Count == 2, ct);

        Assert.Equal(["b", "c"], left.Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private static JsonObject Pod(string name, string node) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "gc" } },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }),
        },
    };
}
