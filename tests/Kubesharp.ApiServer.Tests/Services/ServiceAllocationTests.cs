using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.ApiServer.Tests.Services;

public sealed class ServiceAllocationTests
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");

    [Fact]
    public async Task Create_NoClusterIp_GetsOneFromTheServiceCidrWithFamilies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);

        var svc = await api.Client.CreateAsync(Services, "default", Service("a", "ClusterIP"), ct);

        var ip = svc["spec"]!["clusterIP"]!.GetValue<string>();
        Assert.StartsWith("10.43.", ip, StringComparison.Ordinal);
        Assert.NotEqual("10.43.0.1", ip);
        Assert.Equal(ip, svc["spec"]!["clusterIPs"]![0]!.GetValue<string>());
        Assert.Equal("IPv4", svc["spec"]!["ipFamilies"]![0]!.GetValue<string>());
        Assert.Equal("SingleStack", svc["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ManyWithoutClusterIp_NeverTakeTheStaticBandPinnedAddressesLiveIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);

        var ips = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var svc = await api.Client.CreateAsync(Services, "default", Service($"s{i}", "ClusterIP"), ct);
            ips.Add(svc["spec"]!["clusterIP"]!.GetValue<string>());
        }

        // 10.43.0.0/24 is the static band: the cluster DNS address 10.43.0.10 is pinned there.
        Assert.DoesNotContain(ips, ip => ip.StartsWith("10.43.0.", StringComparison.Ordinal));
        Assert.Equal(ips.Count, ips.Distinct().Count());
        var dns = await api.Client.CreateAsync(Services, "kube-system", Service("kube-dns", "ClusterIP", clusterIp: "10.43.0.10"), ct);
        Assert.Equal("10.43.0.10", dns["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_RequestedIpTakenOrOutOfRange_Is422AndFreedIpCanBeReused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        await api.Client.CreateAsync(Services, "default", Service("first", "ClusterIP", clusterIp: "10.43.7.7"), ct);

        var taken = await Assert.ThrowsAsync<ApiException>(() => api.Client.CreateAsync(Services, "default", Service("second", "ClusterIP", clusterIp: "10.43.7.7"), ct));
        var outside = await Assert.ThrowsAsync<ApiException>(() => api.Client.CreateAsync(Services, "default", Service("third", "ClusterIP", clusterIp: "192.168.0.1"), ct));

        Assert.Equal(422, taken.Code);
        Assert.Contains("provided IP is already allocated", taken.Message, StringComparison.Ordinal);
        Assert.Equal(422, outside.Code);
        Assert.Contains("not in the valid range", outside.Message, StringComparison.Ordinal);

        await api.Client.DeleteAsync(Services, "default", "first", null, ct);
        var reused = await EventuallyCreateAsync(api, Service("second", "ClusterIP", clusterIp: "10.43.7.7"), ct);
        Assert.Equal("10.43.7.7", reused["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_NodePorts_AllocatedInRangeCollisionsRejectedAndKeptOnUpdate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);

        var auto = await api.Client.CreateAsync(Services, "default", Service("np", "NodePort"), ct);
        var fixedPort = await api.Client.CreateAsync(Services, "default", Service("fixed", "NodePort", nodePort: 30080), ct);
        var collision = await Assert.ThrowsAsync<ApiException>(() => api.Client.CreateAsync(Services, "default", Service("clash", "NodePort", nodePort: 30080), ct));
        var outOfRange = await Assert.ThrowsAsync<ApiException>(() => api.Client.CreateAsync(Services, "default", Service("low", "NodePort", nodePort: 80), ct));

        Assert.InRange(auto["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), 30000, 32767);
        Assert.Equal(30080, fixedPort["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        Assert.Contains("provided port is already allocated", collision.Message, StringComparison.Ordinal);
        Assert.Contains("The range of valid ports is 30000-32767", outOfRange.Message, StringComparison.Ordinal);

        // An update that does not mention nodePort or clusterIP keeps both, as upstream does.
        var edited = Service("np", "NodePort");
        edited["metadata"]!["resourceVersion"] = auto["metadata"]!["resourceVersion"]!.GetValue<string>();
        edited["metadata"]!["namespace"] = "default";
        var updated = await api.Client.UpdateAsync(Services, edited, ct);
        Assert.Equal(auto["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), updated["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        Assert.Equal(auto["spec"]!["clusterIP"]!.GetValue<string>(), updated["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_HeadlessAndExternalName_GetNoAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);

        var headless = await api.Client.CreateAsync(Services, "default", Service("h", "ClusterIP", clusterIp: "None"), ct);
        var external = Service("ext", "ExternalName");
        external["spec"]!["externalName"] = "example.com";
        var created = await api.Client.CreateAsync(Services, "default", external, ct);

        Assert.Equal("None", headless["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Null(created["spec"]!["clusterIP"]);
    }

    private static async Task<JsonObject> EventuallyCreateAsync(InProcessApiServer api, JsonObject service, CancellationToken ct)
    {
        // The allocator learns of the delete through its store watch, a moment later.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await api.Client.CreateAsync(Services, "default", service.DeepClone().AsObject(), ct);
            }
            catch (ApiException e) when (e.Code == 422 && attempt < 50)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static JsonObject Service(string name, string type, string? clusterIp = null, int? nodePort = null)
    {
        var port = new JsonObject { ["port"] = 80, ["targetPort"] = 8080 };
        if (nodePort is { } n)
        {
            port["nodePort"] = n;
        }

        var spec = new JsonObject { ["type"] = type, ["ports"] = new JsonArray(port) };
        if (clusterIp is not null)
        {
            spec["clusterIP"] = clusterIp;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }
}
