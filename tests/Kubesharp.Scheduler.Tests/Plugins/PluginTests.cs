using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Tests.Plugins;

public sealed class PluginTests
{
    [Fact]
    public void NodeResourcesFit_TooBigForWhatIsLeft_ReportsEachShortResource()
    {
        var node = Objects.NodeOf(Objects.Node("n1", cpu: "2", memory: "1Gi"));
        node.Requested = Objects.PodOf(Objects.Pod("a", cpu: "1500m", memory: "512Mi")).Requests;

        var reasons = new NodeResourcesFit().Filter(Objects.PodOf(Objects.Pod("b", cpu: "1", memory: "768Mi")), node);

        Assert.Equal(["Insufficient cpu", "Insufficient memory"], reasons);
        Assert.Empty(new NodeResourcesFit().Filter(Objects.PodOf(Objects.Pod("c", cpu: "500m", memory: "512Mi")), node));
    }

    [Fact]
    public void NodeResourcesFit_InitContainerLargerThanContainers_CountsTheMaximum()
    {
        var pod = Objects.Pod("p", cpu: "100m", extraSpec: new JsonObject
        {
            ["initContainers"] = new JsonArray(new JsonObject { ["name"] = "i", ["image"] = "x", ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "3" } } }),
        });

        Assert.Equal(3000, Objects.PodOf(pod).Requests.MilliCpu);
        Assert.Equal(["Insufficient cpu"], new NodeResourcesFit().Filter(Objects.PodOf(pod), Objects.NodeOf(Objects.Node("n", cpu: "2"))));
    }

    [Fact]
    public void NodeResourcesFit_FullNode_TooManyPods()
    {
        var node = Objects.NodeOf(Objects.Node("n1", pods: "1"));
        node.PodCount = 1;

        Assert.Equal(["Too many pods"], new NodeResourcesFit().Filter(Objects.PodOf(Objects.Pod("p")), node));
    }

    [Fact]
    public void TaintToleration_UntoleratedNoSchedule_IsRefusedUnlessTolerated()
    {
        var node = Objects.NodeOf(Objects.Node("n1", taints: new JsonArray(new JsonObject { ["key"] = "dedicated", ["value"] = "gpu", ["effect"] = "NoSchedule" })));
        var plain = Objects.PodOf(Objects.Pod("p"));
        var tolerant = Objects.PodOf(Objects.Pod("q", extraSpec: new JsonObject
        {
            ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["operator"] = "Equal", ["value"] = "gpu", ["effect"] = "NoSchedule" }),
        }));

        Assert.Equal(["node(s) had untolerated taint {dedicated: gpu}"], new TaintToleration().Filter(plain, node));
        Assert.Empty(new TaintToleration().Filter(tolerant, node));
    }

    [Fact]
    public void NodeAffinity_SelectorAndRequiredTerms_MustMatchLabels()
    {
        var ssd = Objects.NodeOf(Objects.Node("a", labels: new JsonObject { ["disk"] = "ssd", ["zone"] = "z1" }));
        var hdd = Objects.NodeOf(Objects.Node("b", labels: new JsonObject { ["disk"] = "hdd", ["zone"] = "z2" }));
        var pod = Objects.PodOf(Objects.Pod("p", extraSpec: new JsonObject
        {
            ["nodeSelector"] = new JsonObject { ["disk"] = "ssd" },
            ["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "zone", ["operator"] = "In", ["values"] = new JsonArray("z1", "z3") }),
                        }),
                    },
                },
            },
        }));

        Assert.Empty(new NodeAffinity().Filter(pod, ssd));
        Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], new NodeAffinity().Filter(pod, hdd));
    }

    [Fact]
    public void NodeUnschedulable_CordonedNode_RefusesPods()
    {
        Assert.Equal(["node(s) were unschedulable"], new NodeUnschedulable().Filter(Objects.PodOf(Objects.Pod("p")), Objects.NodeOf(Objects.Node("n", unschedulable: true))));
    }

    [Fact]
    public void NodePorts_SameHostPortTaken_IsRefused()
    {
        var withPort = Objects.Pod("p", extraSpec: new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "x", ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["hostPort"] = 8080 }) }),
        });
        var node = Objects.NodeOf(Objects.Node("n"));
        node.Ports.AddRange(Objects.PodOf(withPort).Ports);

        Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], new NodePorts().Filter(Objects.PodOf(withPort, "default/q"), node));
    }

    [Fact]
    public void LeastAllocated_EmptierNode_ScoresHigher()
    {
        var busy = Objects.NodeOf(Objects.Node("busy"));
        busy.NonZeroMilliCpu = 3000;
        busy.NonZeroMemory = 6L * 1024 * 1024 * 1024;
        var idle = Objects.NodeOf(Objects.Node("idle"));
        var pod = Objects.PodOf(Objects.Pod("p", cpu: "100m", memory: "100Mi"));

        Assert.True(new ResourceScores(balanced: false).Score(pod, idle) > new ResourceScores(balanced: false).Score(pod, busy));
    }
}
