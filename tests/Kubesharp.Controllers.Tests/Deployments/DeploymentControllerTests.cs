using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.Deployments;

public sealed class DeploymentControllerTests
{
    private static readonly ResourceType Deployments = BuiltInResources.Get("apps", "deployments");
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    [Fact]
    public async Task Reconcile_NewDeployment_ReplicaSetWithHashAndRevisionOneAndAvailableStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var nodes = new PodReadier(harness, "app=web");
        await harness.Client.CreateAsync(Deployments, "default", Deployment("web", 3, "busybox:1"), ct);

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(Deployments, "default", "web", ct))["status"],
            s => s?["availableReplicas"]?.GetValue<long>() == 3 && Reason(s, "Progressing") == "NewReplicaSetAvailable",
            ct);
        Assert.Equal(3, status?["updatedReplicas"]?.GetValue<long>());
        Assert.Equal("MinimumReplicasAvailable", Reason(status, "Available"));

        var rs = Assert.Single(await ReplicaSetsAsync(harness, ct));
        var hash = rs["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();
        Assert.Equal($"web-{hash}", rs["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("1", rs["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(hash, rs["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_ImageChangedThenUndone_RollsForwardThenBackToTheFirstReplicaSet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var nodes = new PodReadier(harness, "app=api");
        await harness.Client.CreateAsync(Deployments, "default", Deployment("api", 2, "busybox:1"), ct);
        await WaitCompleteAsync(harness, "api", 2, ct);
        var first = Assert.Single(await ReplicaSetsAsync(harness, ct));

        await harness.Client.PatchAsync(Deployments, "default", "api", new PatchRequest(PatchKind.Merge, """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}}"""), ct);
        await WaitCompleteAsync(harness, "api", 2, ct);
        var afterRoll = await ReplicaSetsAsync(harness, ct);
        Assert.Equal(2, afterRoll.Count);
        var second = afterRoll.Single(r => r["metadata"]!["name"]!.GetValue<string>() != first["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(2, second["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("2", second["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(0, afterRoll.Single(r => r != second)["spec"]!["replicas"]!.GetValue<long>());

        // What `kubectl rollout undo` sends: the old ReplicaSet's template without the hash label.
        var template = (JsonObject)first["spec"]!["template"]!.DeepClone();
        ((JsonObject)template["metadata"]!["labels"]!).Remove("pod-template-hash");
        template["metadata"]!["creationTimestamp"] = null; // kubectl sends this Go artifact back
        var undo = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template });
        await harness.Client.PatchAsync(Deployments, "default", "api", new PatchRequest(PatchKind.Json, undo.ToJsonString()), ct);
        await WaitCompleteAsync(harness, "api", 2, ct);

        var back = (await ReplicaSetsAsync(harness, ct)).Single(r => r["metadata"]!["name"]!.GetValue<string>() == first["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(2, back["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("3", back["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_RollingUpdate_NeverExceedsReplicasPlusSurge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await using var nodes = new PodReadier(harness, "app=big");
        await harness.Client.CreateAsync(Deployments, "default", Deployment("big", 4, "busybox:1"), ct);
        await WaitCompleteAsync(harness, "big", 4, ct);

        await harness.Client.PatchAsync(Deployments, "default", "big", new PatchRequest(PatchKind.Merge, """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}}"""), ct);
        var maxSeen = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var sets = await ReplicaSetsAsync(harness, ct);
            maxSeen = Math.Max(maxSeen, sets.Sum(r => r["spec"]!["replicas"]!.GetValue<long>()));
            var status = (await harness.Client.GetAsync(Deployments, "default", "big", ct))["status"];
            if (sets.Count == 2 && status?["updatedReplicas"]?.GetValue<long>() == 4 && status["replicas"]?.GetValue<long>() == 4 && status["availableReplicas"]?.GetValue<long>() == 4)
            {
                break;
            }

            await Task.Delay(50, ct);
        }

        Assert.InRange(maxSeen, 4, 5); // 25% surge of 4 = 1
    }

    private static async Task WaitCompleteAsync(ControllerHarness harness, string name, int replicas, CancellationToken ct)
    {
        var final = await ControllerHarness.EventuallyAsync(
            () => harness.Client.GetAsync(Deployments, "default", name, ct),
            d => d["status"]?["observedGeneration"]?.GetValue<long>() == d["metadata"]?["generation"]?.GetValue<long>()
                 && d["status"]?["updatedReplicas"]?.GetValue<long>() == replicas
                 && d["status"]?["replicas"]?.GetValue<long>() == replicas
                 && d["status"]?["availableReplicas"]?.GetValue<long>() == replicas,
            ct,
            seconds: 30);
        Assert.Equal(replicas, final["status"]?["availableReplicas"]?.GetValue<long>());
    }

    private static async Task<IReadOnlyList<JsonObject>> ReplicaSetsAsync(ControllerHarness harness, CancellationToken ct) =>
        (await harness.Client.ListAsync(ReplicaSets, "default", new ListRequest(), ct))["items"]!.AsArray().Cast<JsonObject>().ToList();

    private static string? Reason(JsonNode? status, string type) =>
        (status?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["reason"]?.GetValue<string>();

    private static JsonObject Deployment(string app, int replicas, string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = app },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }) },
            },
        },
    };
}
