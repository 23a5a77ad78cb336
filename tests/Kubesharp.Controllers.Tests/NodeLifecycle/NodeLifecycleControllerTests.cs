using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.NodeLifecycle;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.NodeLifecycle;

public sealed class NodeLifecycleControllerTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Leases = BuiltInResources.Get("coordination.k8s.io", "leases");

    [Fact]
    public async Task Reconcile_LeaseStopsRenewing_NodeUnknownTaintedAndPodsEvictedPerToleration()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ControllerManagerOptions("test") { LeaderElect = false, NodeMonitorGracePeriod = TimeSpan.FromSeconds(2), DefaultTolerationSeconds = TimeSpan.FromSeconds(1) };
        await using var harness = await ControllerHarness.StartAsync(ct, options);
        await harness.Client.CreateAsync(Nodes, null, Node("n1"), ct);
        await harness.Client.CreateAsync(Leases, "kube-node-lease", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "n1" },
            ["spec"] = new JsonObject { ["holderIdentity"] = "n1", ["leaseDurationSeconds"] = 40, ["renewTime"] = "2026-01-01T00:00:00.000000Z" },
        }, ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("plain", null), ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("patient", 3600), ct);

        var node = await ControllerHarness.EventuallyAsync(
            () => harness.Client.GetAsync(Nodes, null, "n1", ct),
            n => n["spec"]?["taints"] is JsonArray { Count: 2 },
            ct);
        var ready = node["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("Unknown", ready["status"]!.GetValue<string>());
        Assert.Equal("NodeStatusUnknown", ready["reason"]!.GetValue<string>());
        Assert.All(node["spec"]!["taints"]!.AsArray(), t => Assert.Equal(NodeTaints.Unreachable, t!["key"]!.GetValue<string>()));

        // Evicted pods on a bound node terminate gracefully: marked, left for the (silent) kubelet.
        var left = await ControllerHarness.EventuallyAsync(() => harness.PodsAsync("app=x", ct), p => p.Count(Live) == 1, ct);
        Assert.Equal("patient", Assert.Single(left, Live)["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void EvictAt_TolerationsAndDefaults_AsUpstreamTaintManager()
    {
        var now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var unreachable = new JsonObject { ["key"] = NodeTaints.Unreachable, ["effect"] = "NoExecute", ["timeAdded"] = "2026-01-01T00:00:00Z" };
        var custom = new JsonObject { ["key"] = "maintenance", ["effect"] = "NoExecute", ["timeAdded"] = "2026-01-01T00:00:00Z" };

        Assert.Equal(now.AddSeconds(300), NodeTaints.EvictAt(Pod("a", null), [unreachable], TimeSpan.FromSeconds(300), now));
        Assert.Equal(now.AddSeconds(60), NodeTaints.EvictAt(Pod("b", 60), [unreachable], TimeSpan.FromSeconds(300), now));
        Assert.Equal(now, NodeTaints.EvictAt(Pod("c", null), [custom], TimeSpan.FromSeconds(300), now));
        var forever = Pod("d", null);
        forever["spec"]!["tolerations"] = new JsonArray(new JsonObject { ["operator"] = "Exists" });
        Assert.Null(NodeTaints.EvictAt(forever, [unreachable, custom], TimeSpan.FromSeconds(300), now));
    }

    private static bool Live(JsonObject pod) => pod["metadata"]!["deletionTimestamp"] is null;

    private static JsonObject Node(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastHeartbeatTime"] = "2026-01-01T00:00:00Z", ["lastTransitionTime"] = "2026-01-01T00:00:00Z" }),
        },
    };

    private static JsonObject Pod(string name, int? tolerationSeconds)
    {
        var spec = new JsonObject
        {
            ["nodeName"] = "n1",
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }),
        };
        if (tolerationSeconds is { } seconds)
        {
            spec["tolerations"] = new JsonArray(new JsonObject { ["key"] = NodeTaints.Unreachable, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = seconds });
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "x" } }, ["spec"] = spec };
    }
}
