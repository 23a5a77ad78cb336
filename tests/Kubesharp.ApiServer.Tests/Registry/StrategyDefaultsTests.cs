using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Subresources;

namespace Kubesharp.ApiServer.Tests.Registry;

/// <summary>Per-kind defaults clients rely on (upstream's SetDefaults_* and pod status on create).</summary>
public sealed class StrategyDefaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ResourceType Services => Resources.Catalog.Find("", "v1", "services")!;

    [Fact]
    public async Task CreatePod_DefaultsSpecContainersAndPendingStatus()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var pod = Objects.Pod("p");
        pod["status"] = new JsonObject { ["phase"] = "Running" }; // status is not the client's to set

        var created = await f.Registry.CreateAsync(Objects.Pods, "ns1", pod, WriteOptions.None, Ct);

        var spec = created["spec"]!;
        Assert.Equal("Always", (string?)spec["restartPolicy"]);
        Assert.Equal("ClusterFirst", (string?)spec["dnsPolicy"]);
        Assert.Equal(30, (int)spec["terminationGracePeriodSeconds"]!);
        Assert.Equal("default-scheduler", (string?)spec["schedulerName"]);
        var container = spec["containers"]![0]!;
        Assert.Equal("/dev/termination-log", (string?)container["terminationMessagePath"]);
        Assert.Equal("File", (string?)container["terminationMessagePolicy"]);
        Assert.Equal("Always", (string?)container["imagePullPolicy"]);
        Assert.Equal("Pending", (string?)created["status"]!["phase"]);
        Assert.Equal("BestEffort", (string?)created["status"]!["qosClass"]);
    }

    [Fact]
    public async Task CreatePod_KeepsWhatTheClientSet()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var pod = Objects.Pod("p");
        pod["spec"]!["restartPolicy"] = "Never";
        pod["spec"]!["containers"]![0]!["imagePullPolicy"] = "Never";

        var created = await f.Registry.CreateAsync(Objects.Pods, "ns1", pod, WriteOptions.None, Ct);

        Assert.Equal("Never", (string?)created["spec"]!["restartPolicy"]);
        Assert.Equal("Never", (string?)created["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Theory]
    [InlineData("nginx", "latest")]
    [InlineData("nginx:latest", "latest")]
    [InlineData("nginx:1.27", "1.27")]
    [InlineData("registry.local:5000/team/app", "latest")]
    [InlineData("registry.local:5000/team/app:v2", "v2")]
    [InlineData("nginx@sha256:abc", "")]
    [InlineData("nginx:1.27@sha256:abc", "1.27")]
    public void Tag_IsUpstreamsParse(string image, string tag) => Assert.Equal(tag, PodDefaults.Tag(image));

    [Theory]
    [InlineData(null, null, "BestEffort")]
    [InlineData("{\"cpu\":\"100m\"}", null, "Burstable")]
    [InlineData(null, "{\"cpu\":\"1\",\"memory\":\"1Gi\"}", "Guaranteed")]
    [InlineData("{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"}", "{\"cpu\":\"1\",\"memory\":\"1Gi\"}", "Guaranteed")]
    [InlineData("{\"cpu\":\"500m\",\"memory\":\"1Gi\"}", "{\"cpu\":\"1\",\"memory\":\"1Gi\"}", "Burstable")]
    [InlineData(null, "{\"cpu\":\"1\"}", "Burstable")]
    public async Task CreatePod_QosClass(string? requests, string? limits, string qos)
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var pod = Objects.Pod("p");
        var resources = new JsonObject();
        if (requests is not null)
        {
            resources["requests"] = JsonNode.Parse(requests);
        }

        if (limits is not null)
        {
            resources["limits"] = JsonNode.Parse(limits);
        }

        pod["spec"]!["containers"]![0]!["resources"] = resources;

        var created = await f.Registry.CreateAsync(Objects.Pods, "ns1", pod, WriteOptions.None, Ct);

        Assert.Equal(qos, (string?)created["status"]!["qosClass"]);
    }

    [Fact]
    public async Task CreateDeployment_DefaultsReplicasStrategyLimitsAndTemplate()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("d", replicas: null), WriteOptions.None, Ct);

        var spec = created["spec"]!;
        Assert.Equal(1, (int)spec["replicas"]!);
        Assert.Equal("RollingUpdate", (string?)spec["strategy"]!["type"]);
        Assert.Equal("25%", (string?)spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("25%", (string?)spec["strategy"]!["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(10, (int)spec["revisionHistoryLimit"]!);
        Assert.Equal(600, (int)spec["progressDeadlineSeconds"]!);
        Assert.Equal("Always", (string?)spec["template"]!["spec"]!["restartPolicy"]);
        Assert.Equal("Always", (string?)spec["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Fact]
    public async Task CreateDeployment_RecreateGetsNoRollingUpdate()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var deployment = Objects.Deployment("d");
        deployment["spec"]!["strategy"] = new JsonObject { ["type"] = "Recreate" };

        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", deployment, WriteOptions.None, Ct);

        Assert.Null(created["spec"]!["strategy"]!["rollingUpdate"]);
    }

    [Fact]
    public async Task CreateService_DefaultsTypeAffinityProtocolAndTargetPort()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "s" },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["app"] = "web" },
                ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }, new JsonObject { ["port"] = 53, ["protocol"] = "UDP", ["targetPort"] = "dns" }),
            },
        };

        var created = await f.Registry.CreateAsync(Services, "ns1", service, WriteOptions.None, Ct);

        var spec = created["spec"]!;
        Assert.Equal("ClusterIP", (string?)spec["type"]);
        Assert.Equal("None", (string?)spec["sessionAffinity"]);
        Assert.Equal("TCP", (string?)spec["ports"]![0]!["protocol"]);
        Assert.Equal(80, (int)spec["ports"]![0]!["targetPort"]!);
        Assert.Equal("UDP", (string?)spec["ports"]![1]!["protocol"]);
        Assert.Equal("dns", (string?)spec["ports"]![1]!["targetPort"]);
    }

    [Fact]
    public async Task UpdatePod_KeepsDefaultsWhenTheBodyOmitsThem()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p"), WriteOptions.None, Ct);
        var body = Objects.Pod("p");
        body["metadata"]!["labels"]!["x"] = "y";

        var updated = await f.Registry.UpdateAsync(new(Objects.Pods, "ns1", "p"), body, null, WriteOptions.None, Ct);

        Assert.Equal("ClusterFirst", (string?)updated["spec"]!["dnsPolicy"]);
        Assert.Equal(1, Kubesharp.Api.Objects.ObjectMeta.Generation(updated));
        Assert.Equal("Pending", (string?)updated["status"]!["phase"]);
    }
}
