using System.Text.Json.Nodes;

namespace Kubesharp.Simulation.Tests;

public sealed class HollowObjectsTests
{
    [Fact]
    public void Node_WithTaintsAndLabels_LooksLikeARegisteredKubeletNode()
    {
        var options = new HollowOptions(3) { Cpu = "8", Labels = new Dictionary<string, string> { ["zone"] = "z1" }, Taints = ["gpu=true:NoSchedule", "spot:PreferNoSchedule"] };

        var node = HollowObjects.Node(options, 2, DateTimeOffset.UnixEpoch);

        Assert.Equal("hollow-2", node["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("z1", node["metadata"]!["labels"]!["zone"]!.GetValue<string>());
        Assert.Equal("8", node["status"]!["allocatable"]!["cpu"]!.GetValue<string>());
        var taints = node["spec"]!["taints"]!.AsArray();
        Assert.Equal("gpu", taints[0]!["key"]!.GetValue<string>());
        Assert.Equal("true", taints[0]!["value"]!.GetValue<string>());
        Assert.Null(taints[1]!["value"]);
        Assert.Equal("PreferNoSchedule", taints[1]!["effect"]!.GetValue<string>());
        Assert.Contains(node["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");
    }

    [Fact]
    public void Succeeded_FromRunning_TerminatesContainersWithExitZero()
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = "u1" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };
        var running = HollowObjects.Running(pod, "10.128.0.2", "10.200.0.0", DateTimeOffset.UnixEpoch);

        var done = HollowObjects.Succeeded(running, DateTimeOffset.UnixEpoch.AddSeconds(5));

        Assert.Equal("Succeeded", done["phase"]!.GetValue<string>());
        var terminated = done["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(0, terminated["exitCode"]!.GetValue<int>());
        Assert.Equal("Completed", terminated["reason"]!.GetValue<string>());
        Assert.Equal("Running", running["phase"]!.GetValue<string>());
    }

    [Fact]
    public void RunTime_JobPodOrAnnotation_CompletesElseRunsForever()
    {
        var plain = new JsonObject { ["metadata"] = new JsonObject() };
        var job = new JsonObject { ["metadata"] = new JsonObject { ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Job" }) } };
        var annotated = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [HollowObjects.RunSecondsAnnotation] = "2.5" } } };

        Assert.Null(HollowObjects.RunTime(plain, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), HollowObjects.RunTime(job, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(2.5), HollowObjects.RunTime(annotated, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Node_OwnPodCidrOutsideTheClusterCidr_SoNodeIpamLeavesItAlone()
    {
        var node = HollowObjects.Node(new HollowOptions(400), 300, DateTimeOffset.UnixEpoch);

        Assert.Equal("10.129.44.0/24", node["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.Equal("10.129.44.0/24", Assert.Single(node["spec"]!["podCIDRs"]!.AsArray())!.GetValue<string>());
        Assert.False(System.Net.IPNetwork.Parse("10.42.0.0/16").Contains(System.Net.IPAddress.Parse("10.129.44.0")));
    }

    [Fact]
    public void FallbackPodCidr_DistinctPerNode() =>
        Assert.Equal(300, Enumerable.Range(0, 300).Select(HollowObjects.FallbackPodCidr).Distinct().Count());
}
