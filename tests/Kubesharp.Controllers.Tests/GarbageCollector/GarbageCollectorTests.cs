using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.ReplicaSets;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.GarbageCollector;

public sealed class GarbageCollectorTests
{
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");

    [Fact]
    public async Task OwnerDeleted_Background_DependentsAreDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSetControllerTests.ReplicaSet("gc", 2), ct);
        await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=gc", ct), p => p.Count == 2, ct);

        await harness.Client.DeleteAsync(ReplicaSets, "default", "gc", new DeleteRequest { PropagationPolicy = "Background" }, ct);

        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=gc", ct), p => p.Count == 0, ct);
        Assert.Empty(left);
    }

    [Fact]
    public async Task OwnerDeleted_Orphan_DependentsStayWithoutTheOwnerReference()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSetControllerTests.ReplicaSet("keep", 2), ct);
        await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=keep", ct), p => p.Count == 2, ct);

        await harness.Client.DeleteAsync(ReplicaSets, "default", "keep", new DeleteRequest { PropagationPolicy = "Orphan" }, ct);

        var gone = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(ReplicaSets, "default", new ListRequest(), ct))["items"]!.AsArray().Count,
            n => n == 0,
            ct);
        Assert.Equal(0, gone);
        var pods = await harness.PodsAsync("app=keep", ct);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.True(p["metadata"]?["ownerReferences"] is null || p["metadata"]!["ownerReferences"]!.AsArray().Count == 0));
    }

    [Fact]
    public async Task OwnerDeleted_Foreground_OwnerStaysUntilDependentsAreGone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSetControllerTests.ReplicaSet("fg", 2), ct);
        await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=fg", ct), p => p.Count == 2, ct);

        await harness.Client.DeleteAsync(ReplicaSets, "default", "fg", new DeleteRequest { PropagationPolicy = "Foreground" }, ct);

        var sets = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(ReplicaSets, "default", new ListRequest(), ct))["items"]!.AsArray().Count,
            n => n == 0,
            ct);
        Assert.Equal(0, sets);
        Assert.Empty(await harness.PodsAsync("app=fg", ct));
    }

    [Fact]
    public async Task DependentOfAnOwnerThatNeverExisted_IsCollected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ConfigMaps, "default", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "leftover",
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "ghost", ["uid"] = "00000000-0000-0000-0000-000000000001" }),
            },
        }, ct);
        await harness.Client.CreateAsync(ConfigMaps, "default", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "custom-owned",
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["name"] = "w", ["uid"] = "00000000-0000-0000-0000-000000000002" }),
            },
        }, ct);

        var names = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(ConfigMaps, "default", new ListRequest(), ct))["items"]!.AsArray().Select(c => c!["metadata"]!["name"]!.GetValue<string>()).ToList(),
            n => !n.Contains("leftover"),
            ct);
        Assert.DoesNotContain("leftover", names);
        Assert.Contains("custom-owned", names); // owners of unknown kinds are presumed alive
    }
}
