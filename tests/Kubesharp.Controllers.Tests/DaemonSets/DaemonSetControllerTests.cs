using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Controllers.DaemonSets;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.DaemonSets;

public sealed class DaemonSetControllerTests
{
    private static readonly ResourceType DaemonSets = BuiltInResources.Get("apps", "daemonsets");
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    [Fact]
    public async Task Reconcile_ThreeNodesOneTainted_OnePodPerEligibleNodePinnedByAffinity()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Nodes, null, Node("a", null), ct);
        await harness.Client.CreateAsync(Nodes, null, Node("b", null), ct);
        await harness.Client.CreateAsync(Nodes, null, Node("c", new JsonObject { ["key"] = "dedicated", ["value"] = "db", ["effect"] = "NoSchedule" }), ct);
        await harness.Client.CreateAsync(DaemonSets, "default", DaemonSet(), ct);

        var pods = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=agent", ct), p => p.Count == 2, ct);
        Assert.Equal(["a", "b"], pods.Select(DaemonPods.TargetNode).Order());
        Assert.All(pods, p => Assert.Contains(p["spec"]!["tolerations"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "node.kubernetes.io/unreachable"));

        await harness.Client.CreateAsync(Nodes, null, Node("d", null), ct);
        var more = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=agent", ct), p => p.Count == 3, ct);
        Assert.Contains("d", more.Select(DaemonPods.TargetNode));

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(DaemonSets, "default", "agent", ct))["status"],
            s => s?["desiredNumberScheduled"]?.GetValue<long>() == 3 && s["currentNumberScheduled"]?.GetValue<long>() == 3,
            ct);
        Assert.Equal(3, status?["updatedNumberScheduled"]?.GetValue<long>());
        var stored = await harness.Client.GetAsync(DaemonSets, "default", "agent", ct);
        Assert.Equal("RollingUpdate", stored["spec"]!["updateStrategy"]!["type"]!.GetValue<string>()); // the API's default, which `kubectl rollout status` needs
    }

    private static JsonObject Node(string name, JsonObject? taint)
    {
        var node = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject() };
        if (taint is not null)
        {
            node["spec"]!["taints"] = new JsonArray(taint);
        }

        return node;
    }

    private static JsonObject DaemonSet() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = "agent" },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "agent" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "agent" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            },
        },
    };
}
