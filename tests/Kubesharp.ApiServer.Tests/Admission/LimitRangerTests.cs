using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Registry;
using static Kubesharp.ApiServer.Tests.Admission.AdmissionObjects;

namespace Kubesharp.ApiServer.Tests.Admission;

public sealed class LimitRangerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PodWithoutResources_GetsContainerDefaultsOfTheLimitRange()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateLimitRangeAsync(f.Registry, new JsonObject
        {
            ["type"] = "Container",
            ["default"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "128Mi" },
            ["defaultRequest"] = new JsonObject { ["cpu"] = "100m" },
        });

        var pod = await f.Registry.CreateAsync(Pods, "ns1", Pod("a", requests: new JsonObject { ["memory"] = "64Mi" }), WriteOptions.None, Ct);

        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("500m", resources["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal("128Mi", resources["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("100m", resources["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("64Mi", resources["requests"]!["memory"]!.GetValue<string>()); // the pod's own value stays
        Assert.NotNull(pod["metadata"]!["annotations"]!["kubernetes.io/limit-ranger"]);
    }

    [Fact]
    public async Task Create_PodAboveMax_Is403WithUpstreamMessage()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateLimitRangeAsync(f.Registry, new JsonObject { ["type"] = "Container", ["max"] = new JsonObject { ["cpu"] = "1" }, ["min"] = new JsonObject { ["cpu"] = "100m" } });

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", Pod("big", limits: new JsonObject { ["cpu"] = "2" }), WriteOptions.None, Ct));
        var defaulted = await f.Registry.CreateAsync(Pods, "ns1", Pod("plain"), WriteOptions.None, Ct);

        Assert.Equal(403, e.Code);
        Assert.Equal("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2", e.Message);
        Assert.Equal("1", defaulted["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>()); // max → default limit
        Assert.Equal("1", defaulted["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>()); // default → default request
    }

    private static async Task CreateLimitRangeAsync(ResourceRegistry registry, JsonObject item)
    {
        var range = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "LimitRange",
            ["metadata"] = new JsonObject { ["name"] = "limits" },
            ["spec"] = new JsonObject { ["limits"] = new JsonArray(item) },
        };
        await registry.CreateAsync(LimitRanges, "ns1", range, WriteOptions.None, Ct);
    }
}
