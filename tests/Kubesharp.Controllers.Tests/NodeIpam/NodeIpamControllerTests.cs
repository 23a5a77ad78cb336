using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.NodeIpam;

public sealed class NodeIpamControllerTests
{
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Events = BuiltInResources.Get("", "events");

    [Fact]
    public async Task Reconcile_NewNodes_EachGetsItsOwnRangeAndExistingRangesAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Nodes, null, Node("held", "10.42.0.0/24"), ct);
        await harness.Client.CreateAsync(Nodes, null, Node("a", null), ct);
        await harness.Client.CreateAsync(Nodes, null, Node("b", null), ct);

        var a = await AssignedAsync(harness, "a", ct);
        var b = await AssignedAsync(harness, "b", ct);
        var held = await harness.Client.GetAsync(Nodes, null, "held", ct);

        Assert.Equal("10.42.0.0/24", held["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.Equal(3, new[] { "10.42.0.0/24", a, b }.Distinct().Count());
        Assert.All(new[] { a, b }, c => Assert.StartsWith("10.42.", c, StringComparison.Ordinal));
        var spec = (await harness.Client.GetAsync(Nodes, null, "a", ct))["spec"]!;
        Assert.Equal(a, Assert.Single(spec["podCIDRs"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_ManagerRestarted_RebuildsFromNodesAndNeverReusesARange()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = await Kubesharp.Testing.Cluster.InProcessApiServer.StartAsync(cancellationToken: ct);
        await using (api)
        {
            var options = new ControllerManagerOptions("test") { LeaderElect = false, ClusterCidr = "10.50.0.0/22" };
            var first = new List<string>();
            await using (var harness = await ControllerHarness.StartAsync(api, options, ct))
            {
                foreach (var name in new[] { "n0", "n1" })
                {
                    await harness.Client.CreateAsync(Nodes, null, Node(name, null), ct);
                    first.Add(await AssignedAsync(harness, name, ct));
                }
            }

            await using (var harness = await ControllerHarness.StartAsync(api, options, ct))
            {
                await harness.Client.CreateAsync(Nodes, null, Node("n2", null), ct);
                await harness.Client.CreateAsync(Nodes, null, Node("n3", null), ct);
                var later = new[] { await AssignedAsync(harness, "n2", ct), await AssignedAsync(harness, "n3", ct) };

                Assert.Equal(4, first.Concat(later).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task Reconcile_ClusterCidrFull_CIDRNotAvailableEventThenRangeOfADeletedNode()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new ControllerManagerOptions("test") { LeaderElect = false, ClusterCidr = "10.60.0.0/23" };
        await using var harness = await ControllerHarness.StartAsync(ct, options);
        await harness.Client.CreateAsync(Nodes, null, Node("x0", null), ct);
        await harness.Client.CreateAsync(Nodes, null, Node("x1", null), ct);
        var x0 = await AssignedAsync(harness, "x0", ct);
        await AssignedAsync(harness, "x1", ct);

        await harness.Client.CreateAsync(Nodes, null, Node("x2", null), ct);
        var events = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Events, "default", new ListRequest(), ct))["items"]!.AsArray(),
            items => items.Any(e => e!["reason"]?.GetValue<string>() == "CIDRNotAvailable"),
            ct);
        var exhausted = events.First(e => e!["reason"]?.GetValue<string>() == "CIDRNotAvailable")!;
        Assert.Equal("x2", exhausted["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Null((await harness.Client.GetAsync(Nodes, null, "x2", ct))["spec"]?["podCIDR"]);

        // Freed by the deletion: a new node gets it at once (x2 waits for its retry).
        await harness.Client.DeleteAsync(Nodes, null, "x0", null, ct);
        await harness.Client.CreateAsync(Nodes, null, Node("x3", null), ct);
        var x3 = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Nodes, null, "x3", ct), n => n["spec"]?["podCIDR"] is not null, ct);
        Assert.Equal(x0, x3["spec"]!["podCIDR"]!.GetValue<string>());
    }

    private static async Task<string> AssignedAsync(ControllerHarness harness, string name, CancellationToken ct)
    {
        var node = await ControllerHarness.EventuallyAsync(() => harness.Client.GetAsync(Nodes, null, name, ct), n => n["spec"]?["podCIDR"] is not null, ct);
        return node["spec"]!["podCIDR"]!.GetValue<string>();
    }

    private static JsonObject Node(string name, string? podCidr)
    {
        var node = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject() };
        if (podCidr is not null)
        {
            node["spec"]!["podCIDR"] = podCidr;
            node["spec"]!["podCIDRs"] = new JsonArray(podCidr);
        }

        return node;
    }
}
