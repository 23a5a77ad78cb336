using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Node;

namespace Kubesharp.Kubelet.Tests.Node;

public sealed class NodeObjectsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly NodeFacts Facts = new(
        new MachineInfo(2, 24L * 1024 * 1024 * 1024) { KernelVersion = "6.18.0", OsImage = "Debian GNU/Linux 12 (bookworm)", Architecture = "amd64" },
        new RuntimeVersion("containerd", "v1.6.20", "v1"),
        [
            new ImageInfo("sha256:small", ["docker.io/library/busybox:latest"], ["docker.io/library/busybox@sha256:1"], 1000),
            new ImageInfo("sha256:big", ["docker.io/kubesharp/httpd:latest"], [], 5000),
        ],
        "10.0.0.7",
        "node-1")
    { EphemeralStorageBytes = 100L * 1024 * 1024 * 1024 };

    [Fact]
    public void Node_Facts_CapacityAddressesNodeInfoImagesAndPort()
    {
        var node = NodeObjects.Node(new KubeletOptions("node-1", "/d") { KubeletPort = 10250 }, Facts, "10.42.0.0/24", Now);
        var status = node["status"]!;

        Assert.Equal("2", status["capacity"]!["cpu"]!.GetValue<string>());
        Assert.Equal("25165824Ki", status["capacity"]!["memory"]!.GetValue<string>());
        Assert.Equal("110", status["allocatable"]!["pods"]!.GetValue<string>());
        Assert.Equal("containerd://1.6.20", status["nodeInfo"]!["containerRuntimeVersion"]!.GetValue<string>());
        Assert.Equal("linux", status["nodeInfo"]!["operatingSystem"]!.GetValue<string>());
        Assert.Equal(10250, status["daemonEndpoints"]!["kubeletEndpoint"]!["Port"]!.GetValue<int>());
        Assert.Equal("10.0.0.7", status["addresses"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("InternalIP", status["addresses"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Hostname", status["addresses"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("docker.io/kubesharp/httpd:latest", status["images"]![0]!["names"]![0]!.GetValue<string>()); // largest first
        Assert.Equal(["docker.io/library/busybox@sha256:1", "docker.io/library/busybox:latest"], status["images"]![1]!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], status["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
        Assert.Equal("10.42.0.0/24", node["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.Equal("node-1", node["metadata"]!["labels"]!["kubernetes.io/hostname"]!.GetValue<string>());
    }

    [Fact]
    public void Status_UnchangedCondition_KeepsTransitionTimeAndMovesHeartbeat()
    {
        var options = new KubeletOptions("node-1", "/d");
        var first = NodeObjects.Status(options, Facts, null, Now);

        var later = NodeObjects.Status(options, Facts, first, Now.AddMinutes(1));

        var ready = later["conditions"]!.AsArray().OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "Ready");
        Assert.Equal("2026-12-01T12:00:00Z", ready["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("2026-12-01T12:01:00Z", ready["lastHeartbeatTime"]!.GetValue<string>());
    }

    [Fact]
    public void MemTotal_Meminfo_Bytes() =>
        Assert.Equal(2048L * 1024, MachineInfo.MemTotal("MemFree:  1 kB\nMemTotal:       2048 kB\n"));

    [Fact]
    public void Validate_UpperCaseNodeName_Throws() =>
        Assert.Throws<ArgumentException>(() => new KubeletOptions("Node-1", "/d").Validate());
}
