using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Scheduling;

namespace Kubesharp.Scheduler.Tests.Scheduling;

public sealed class PlacementTests
{
    [Fact]
    public void Decide_NothingFits_UpstreamStyleMessageCountingEachReason()
    {
        var nodes = Objects.Cluster(
            Objects.Node("a", cpu: "1"),
            Objects.Node("b", cpu: "1"),
            Objects.Node("c", taints: new JsonArray(new JsonObject { ["key"] = "node-role.kubernetes.io/control-plane", ["effect"] = "NoSchedule" })));
        var start = 0;

        var decision = Placement.Decide(Objects.PodOf(Objects.Pod("big", cpu: "2")), nodes, new Profile(), ref start);

        Assert.Null(decision.Node);
        Assert.Equal("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.", decision.FailureMessage());
    }

    [Fact]
    public void Decide_OneFeasibleNode_PicksIt()
    {
        var nodes = Objects.Cluster(Objects.Node("small", cpu: "1"), Objects.Node("large", cpu: "8"));
        var start = 0;

        Assert.Equal("large", Placement.Decide(Objects.PodOf(Objects.Pod("p", cpu: "4")), nodes, new Profile(), ref start).Node);
    }

    [Fact]
    public void Decide_AntiAffinityReplicas_OnePerNodeThenUpstreamMessage()
    {
        var cache = Objects.Cluster(Objects.ZonedNode("a", "z1"), Objects.ZonedNode("b", "z2"), Objects.ZonedNode("c", "z3"));
        var profile = new Profile();
        var start = 0;
        var placed = new List<string>();
        Decision last = null!;
        for (var i = 0; i < 4; i++)
        {
            var pod = Objects.Labeled($"web-{i}", new JsonObject { ["app"] = "web" }, Plugins.InterPodAffinityTests.Affinity("podAntiAffinity", Plugins.InterPodAffinityTests.Term(new JsonObject { ["app"] = "web" }, "kubernetes.io/hostname")));
            var info = Objects.PodOf(pod, Objects.Key(pod));
            last = Placement.Decide(info, cache, profile, ref start);
            if (last.Node is { } node)
            {
                cache.Assume(info, node);
                placed.Add(node);
            }
        }

        Assert.Equal(["a", "b", "c"], placed.Order());
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.", last.FailureMessage());
    }

    [Fact]
    public void Decide_NoNodes_SaysSo()
    {
        var start = 0;
        Assert.Equal("no nodes available to schedule pods", Placement.Decide(Objects.PodOf(Objects.Pod("p")), Objects.Cluster(), new Profile(), ref start).FailureMessage());
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(1000, 420)]
    [InlineData(5000, 500)]
    public void FeasibleNodesToFind_AdaptivePercentage_AsUpstream(int nodes, int expected) =>
        Assert.Equal(expected, Placement.FeasibleNodesToFind(nodes));
}
