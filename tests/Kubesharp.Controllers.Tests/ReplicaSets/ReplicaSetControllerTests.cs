using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetControllerTests
{
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    [Fact]
    public async Task Reconcile_NewReplicaSet_CreatesOwnedPodsThenScalesDownAndReportsReady()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var rs = await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSet("web", 3), ct);

        var pods = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 3, ct);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
            var owner = p["metadata"]!["ownerReferences"]![0]!;
            Assert.Equal(rs["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());
            Assert.True(owner["controller"]!.GetValue<bool>());
        });

        await harness.MarkReadyAsync(pods[0], ct);
        await harness.Client.PatchAsync(ReplicaSets, "default", "web", new PatchRequest(PatchKind.Merge, """{"spec":{"replicas":1}}"""), ct);
        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=web", ct), p => p.Count == 1, ct);
        Assert.Equal(pods[0]["metadata"]!["name"]!.GetValue<string>(), Assert.Single(left)["metadata"]!["name"]!.GetValue<string>());

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(ReplicaSets, "default", "web", ct))["status"],
            s => s?["readyReplicas"]?.GetValue<long>() == 1 && s["replicas"]?.GetValue<long>() == 1,
            ct);
        Assert.Equal(1, status?["availableReplicas"]?.GetValue<long>());
        Assert.Equal(2, status?["observedGeneration"]?.GetValue<long>());
    }

    [Fact]
    public async Task Reconcile_MatchingOrphan_IsAdoptedInsteadOfCreatingAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "stray", ["labels"] = new JsonObject { ["app"] = "api" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        }, ct);

        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSet("api", 2), ct);

        var pods = await ControllerHarness.EventuallyAsync(
            () => harness.PodsAsync("app=api", ct),
            p => p.Count == 2 && p.All(x => x["metadata"]?["ownerReferences"] is JsonArray),
            ct);
        Assert.Equal(2, pods.Count);
        Assert.Contains(pods, p => p["metadata"]!["name"]!.GetValue<string>() == "stray" && p["metadata"]!["ownerReferences"] is JsonArray);
    }

    [Fact]
    public async Task Reconcile_PodDeletedByHand_IsReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSet("db", 2), ct);
        var pods = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=db", ct), p => p.Count == 2, ct);

        await harness.Client.DeleteAsync(ControllerHarness.Pods, "default", pods[0]["metadata"]!["name"]!.GetValue<string>(), null, ct);

        var after = await ControllerHarness.EventuallyAsync(
            () => harness.PodsAsync("app=db", ct),
            p => p.Count == 2 && p.All(x => x["metadata"]!["name"]!.GetValue<string>() != pods[0]["metadata"]!["name"]!.GetValue<string>()),
            ct);
        Assert.Equal(2, after.Count);
        Assert.DoesNotContain(after, p => p["metadata"]!["name"]!.GetValue<string>() == pods[0]["metadata"]!["name"]!.GetValue<string>());
    }

    internal static JsonObject ReplicaSet(string app, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = app },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            },
        },
    };
}
