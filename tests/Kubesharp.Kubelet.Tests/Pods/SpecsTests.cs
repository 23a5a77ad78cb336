using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Pods;

namespace Kubesharp.Kubelet.Tests.Pods;

public sealed class SpecsTests
{
    private static readonly KubeletOptions Options = new("node-1", "/var/lib/kubesharp/kubelet");

    [Fact]
    public void SandboxBuild_PodWithHostPortAndLabels_LabelsPortsDnsAndHostname()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"shop","uid":"u-1","labels":{"app":"web"}},
             "spec":{"containers":[{"name":"c","image":"httpd","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":81}]}]}}
            """)!.AsObject();

        var spec = SandboxSpecs.Build(new PodView(pod), Options, "/logs/u-1", 2);

        Assert.Equal(("web", "shop", "u-1", 2u), (spec.Name, spec.Namespace, spec.Uid, spec.Attempt));
        Assert.Equal("u-1", spec.Labels["io.kubernetes.pod.uid"]);
        Assert.Equal("web", spec.Labels["io.kubernetes.pod.name"]);
        Assert.Equal("shop", spec.Labels["io.kubernetes.pod.namespace"]);
        Assert.Equal("web", spec.Labels["app"]);
        Assert.Equal("web", spec.Hostname);
        Assert.Equal(PodNetworkMode.Pod, spec.Network);
        var port = Assert.Single(spec.PortMappings);
        Assert.Equal((80, 8080, "TCP"), (port.ContainerPort, port.HostPort, port.Protocol));
        Assert.Equal(["10.43.0.10"], spec.Dns!.Servers);
        Assert.Equal(["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"], spec.Dns.Searches);
        Assert.Equal(["ndots:5"], spec.Dns.Options);
    }

    [Fact]
    public void SandboxBuild_HostNetworkClusterFirst_NodeNetworkAndNodeResolvConf()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"h","namespace":"default","uid":"u"},"spec":{"hostNetwork":true,"containers":[]}}""")!.AsObject();

        var spec = SandboxSpecs.Build(new PodView(pod), Options, "/l", 0);

        Assert.Equal(PodNetworkMode.Node, spec.Network);
        Assert.Null(spec.Dns);
        Assert.Equal("", spec.Hostname);
    }

    [Fact]
    public void SandboxBuild_DnsPolicyNoneWithConfig_OnlyConfig()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"d","namespace":"default","uid":"u"},"spec":{"dnsPolicy":"None","containers":[],
             "dnsConfig":{"nameservers":["1.2.3.4"],"searches":["a.b"],"options":[{"name":"ndots","value":"2"},{"name":"edns0"}]}}}
            """)!.AsObject();

        var dns = SandboxSpecs.Build(new PodView(pod), Options, "/l", 0).Dns!;

        Assert.Equal(["1.2.3.4"], dns.Servers);
        Assert.Equal(["a.b"], dns.Searches);
        Assert.Equal(["ndots:2", "edns0"], dns.Options);
    }

    [Fact]
    public void ContainerBuild_RequestsAndLimits_CgroupSettingsLabelsAndLogPath()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"p","namespace":"default","uid":"u"},"status":{"qosClass":"Burstable"},
             "spec":{"containers":[{"name":"app","image":"busybox","command":["sh"],"args":["-c","sleep 1"],"workingDir":"/tmp",
               "resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}}]}}
            """)!.AsObject();
        var view = new PodView(pod);

        var spec = ContainerSpecs.Build(view, view.Containers[0], 3, new ContainerSetup([new("A", "1")], []), 1024L * 1024 * 1024);

        Assert.Equal(["sh"], spec.Command);
        Assert.Equal(["-c", "sleep 1"], spec.Args);
        Assert.Equal("/tmp", spec.WorkingDir);
        Assert.Equal("app/3.log", spec.LogPath);
        Assert.Equal(3u, spec.Attempt);
        Assert.Equal("app", spec.Labels["io.kubernetes.container.name"]);
        Assert.Equal("u", spec.Labels["io.kubernetes.pod.uid"]);
        Assert.Equal(256, spec.Resources!.CpuShares);
        Assert.Equal(100_000, spec.Resources.CpuPeriod);
        Assert.Equal(50_000, spec.Resources.CpuQuota);
        Assert.Equal(128L * 1024 * 1024, spec.Resources.MemoryLimitBytes);
        Assert.Equal(938, spec.Resources.OomScoreAdj); // 1000 - 1000 * 64Mi / 1Gi
        Assert.Equal("A", Assert.Single(spec.Env).Key);
    }

    [Theory]
    [InlineData("Guaranteed", -997)]
    [InlineData("BestEffort", 1000)]
    public void OomScoreAdj_FixedClasses_UpstreamValues(string qos, long expected) =>
        Assert.Equal(expected, ContainerSpecs.OomScoreAdj(qos, 0, 1 << 30));

    [Fact]
    public void Resources_NoRequests_MinimumSharesNoQuota()
    {
        var resources = ContainerSpecs.Resources(new JsonObject(), "BestEffort", 1 << 30);

        Assert.Equal(2, resources.CpuShares);
        Assert.Equal(0, resources.CpuQuota);
        Assert.Equal(0, resources.MemoryLimitBytes);
    }

    [Theory]
    [InlineData("busybox", "Always")]
    [InlineData("busybox:latest", "Always")]
    [InlineData("busybox:1.36", "IfNotPresent")]
    [InlineData("localhost:5000/app", "Always")]
    [InlineData("localhost:5000/app:v1", "IfNotPresent")]
    [InlineData("busybox@sha256:abc", "IfNotPresent")]
    public void DefaultPullPolicy_Tags_UpstreamDefault(string image, string policy) =>
        Assert.Equal(policy, ImageReferences.DefaultPullPolicy(image));

    [Theory]
    [InlineData("busybox", "docker.io")]
    [InlineData("kubesharp/httpd", "docker.io")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io")]
    [InlineData("localhost:5000/app", "localhost:5000")]
    public void Registry_References_Host(string image, string registry) =>
        Assert.Equal(registry, ImageReferences.Registry(image));

    [Theory]
    [InlineData("failed to do request: Head \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", true)]
    [InlineData("dial udp 10.0.0.2:53: connect: network is unreachable", true)]
    [InlineData("docker.io/library/nothing:1: not found", false)]
    [InlineData("pull access denied, repository does not exist or may require authorization", false)]
    public void IsUnreachable_PullErrors_OnlyNetworkFailures(string detail, bool unreachable) =>
        Assert.Equal(unreachable, ImageReferences.IsUnreachable(detail));

    [Theory]
    [InlineData("Always", 0, true)]
    [InlineData("Always", 1, true)]
    [InlineData("OnFailure", 0, false)]
    [InlineData("OnFailure", 2, true)]
    [InlineData("Never", 1, false)]
    public void ShouldRestart_Policies_UpstreamRule(string policy, int exitCode, bool restart) =>
        Assert.Equal(restart, PodSyncer.ShouldRestart(policy, exitCode));

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(80, "1m20s")]
    [InlineData(300, "5m0s")]
    public void Format_Delays_GoDurationText(int seconds, string text) =>
        Assert.Equal(text, PodSyncer.Format(TimeSpan.FromSeconds(seconds)));
}
