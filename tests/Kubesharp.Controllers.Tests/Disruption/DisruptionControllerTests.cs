using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.Disruption;

public sealed class DisruptionControllerTests
{
    private static readonly ResourceType Budgets = BuiltInResources.Get("policy", "poddisruptionbudgets");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    [Fact]
    public async Task Reconcile_MinAvailableTwoOfThreeReady_AllowsOneEvictionThenRefusesWith429()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var readier = new PodReadier(harness, "app=db");
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSet(3), ct);
        await ControllerHarness.EventuallyAsync(async () => (await harness.PodsAsync("app=db", ct)).Count(p => p["status"]?["phase"]?.GetValue<string>() == "Running"), n => n == 3, ct);
        await harness.Client.CreateAsync(Budgets, "default", Budget(new JsonObject { ["minAvailable"] = 2 }), ct);

        var status = await StatusAsync(harness, s => s?["currentHealthy"]?.GetValue<long>() == 3, ct);
        Assert.Equal(2, status!["desiredHealthy"]!.GetValue<long>());
        Assert.Equal(3, status["expectedPods"]!.GetValue<long>());
        Assert.Equal(1, status["disruptionsAllowed"]!.GetValue<long>());
        Assert.Equal(1, status["observedGeneration"]!.GetValue<long>());
        var condition = status["conditions"]![0]!;
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition["type"]!.GetValue<string>(), condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));

        var pods = await harness.PodsAsync("app=db", ct);
        await harness.Client.CreateSubresourceAsync(ControllerHarness.Pods, "default", Name(pods[0]), "eviction", Eviction(Name(pods[0])), ct);
        var refused = await Assert.ThrowsAsync<ApiException>(() => harness.Client.CreateSubresourceAsync(ControllerHarness.Pods, "default", Name(pods[1]), "eviction", Eviction(Name(pods[1])), ct));

        Assert.Equal(429, refused.Code);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_MaxUnavailablePercent_ExpectsTheControllersScale()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ReplicaSets, "default", ReplicaSet(4), ct);
        await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=db", ct), p => p.Count == 4, ct);
        await harness.Client.CreateAsync(Budgets, "default", Budget(new JsonObject { ["maxUnavailable"] = "25%" }), ct);

        // No pod is Ready yet: 4 expected, 3 must be healthy, none is.
        var status = await StatusAsync(harness, s => s?["expectedPods"]?.GetValue<long>() == 4, ct);
        Assert.Equal(3, status!["desiredHealthy"]!.GetValue<long>());
        Assert.Equal(0, status["currentHealthy"]!.GetValue<long>());
        Assert.Equal(0, status["disruptionsAllowed"]!.GetValue<long>());
        Assert.Equal("InsufficientPods", status["conditions"]![0]!["reason"]!.GetValue<string>());

        await using var readier = new PodReadier(harness, "app=db");
        status = await StatusAsync(harness, s => s?["currentHealthy"]?.GetValue<long>() == 4, ct);
        Assert.Equal(1, status!["disruptionsAllowed"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reconcile_PodWithoutController_AllowsNoDisruptionWithSyncFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "lonely", ["labels"] = new JsonObject { ["app"] = "db" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };
        await harness.MarkReadyAsync(await harness.Client.CreateAsync(ControllerHarness.Pods, "default", pod, ct), ct);
        await harness.Client.CreateAsync(Budgets, "default", Budget(new JsonObject { ["maxUnavailable"] = 1 }), ct);

        var status = await StatusAsync(harness, s => s?["conditions"] is not null, ct);
        Assert.Equal(0, status!["disruptionsAllowed"]!.GetValue<long>());
        Assert.Equal("SyncFailed", status["conditions"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("found no controller ref for pod \"lonely\"", status["conditions"]![0]!["message"]!.GetValue<string>());
    }

    private static Task<JsonNode?> StatusAsync(ControllerHarness harness, Func<JsonNode?, bool> check, CancellationToken ct) =>
        ControllerHarness.EventuallyAsync(async () => (await harness.Client.GetAsync(Budgets, "default", "db", ct))["status"], check, ct);

    private static string Name(JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject Eviction(string pod) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "Eviction",
        ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = "default" },
    };

    private static JsonObject Budget(JsonObject spec)
    {
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } };
        return new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "db" },
            ["spec"] = spec,
        };
    }

    private static JsonObject ReplicaSet(int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = "db" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "db" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            },
        },
    };
}
