using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Registry;
using static Kubesharp.ApiServer.Tests.Admission.AdmissionObjects;

namespace Kubesharp.ApiServer.Tests.Admission;

public sealed class ResourceQuotaAdmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PodBeyondPodsQuota_Is403WithUpstreamMessageAndChargesAllowedOnes()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateQuotaAsync(f.Registry, "pods-quota", new JsonObject { ["pods"] = "2" }, new JsonObject { ["pods"] = "0" }, Ct);

        await f.Registry.CreateAsync(Pods, "ns1", Pod("a"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Pods, "ns1", Pod("b"), WriteOptions.None, Ct);
        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", Pod("c"), WriteOptions.None, Ct));

        Assert.Equal(403, e.Code);
        Assert.Equal("Forbidden", e.Reason);
        Assert.Equal("pods \"c\" is forbidden: exceeded quota: pods-quota, requested: pods=1, used: pods=2, limited: pods=2", e.Message);
        Assert.Equal("2", (await UsedAsync(f.Registry, "pods-quota", Ct))!["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ComputeBeyondQuota_NamesOnlyTheExceededResourcesInQuantityForm()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateQuotaAsync(
            f.Registry,
            "compute",
            new JsonObject { ["requests.cpu"] = "1", ["requests.memory"] = "1Gi", ["pods"] = "10" },
            new JsonObject { ["requests.cpu"] = "0", ["requests.memory"] = "0", ["pods"] = "0" },
            Ct);

        await f.Registry.CreateAsync(Pods, "ns1", Pod("a", new JsonObject { ["cpu"] = "600m", ["memory"] = "256Mi" }), WriteOptions.None, Ct);
        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", Pod(null, new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" }), WriteOptions.None, Ct));

        Assert.Equal("pods is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1", e.Message);
        var used = await UsedAsync(f.Registry, "compute", Ct);
        Assert.Equal("256Mi", used!["requests.memory"]!.GetValue<string>());
        Assert.Equal("600m", used["requests.cpu"]!.GetValue<string>());
        Assert.Equal("1", used["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_PodWithoutLimitsUnderLimitsQuota_Is403MustSpecify()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateQuotaAsync(f.Registry, "limits", new JsonObject { ["limits.cpu"] = "2", ["limits.memory"] = "1Gi" }, new JsonObject { ["limits.cpu"] = "0", ["limits.memory"] = "0" }, Ct);

        var one = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", Pod("a", limits: new JsonObject { ["memory"] = "64Mi" }), WriteOptions.None, Ct));
        var both = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", Pod("b"), WriteOptions.None, Ct));

        Assert.Equal(403, one.Code);
        Assert.Equal("pods \"a\" is forbidden: failed quota: limits: must specify limits.cpu for: c", one.Message);
        Assert.Equal("pods \"b\" is forbidden: failed quota: limits: must specify [limits.cpu for: c, limits.memory for: c]", both.Message);
    }

    [Fact]
    public async Task Create_ConcurrentCreatesForTheLastUnit_OnlyOneIsAdmitted()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateQuotaAsync(f.Registry, "cm", new JsonObject { ["configmaps"] = "3" }, new JsonObject { ["configmaps"] = "0" }, Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i}"), WriteOptions.None, Ct);
                return true;
            }
            catch (ApiException e) when (e.Code == 403)
            {
                return false;
            }
        }));

        Assert.Equal(3, attempts.Count(ok => ok));
        Assert.Equal("3", (await UsedAsync(f.Registry, "cm", Ct))!["configmaps"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_QuotaNotYetReportedOrDryRun_IsNotChargedOrRefused()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var quota = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ResourceQuota", ["metadata"] = new JsonObject { ["name"] = "fresh" }, ["spec"] = new JsonObject { ["hard"] = new JsonObject { ["pods"] = "0" } } };
        await f.Registry.CreateAsync(Quotas, "ns1", quota, WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Pods, "ns1", Pod("a"), WriteOptions.None, Ct); // no status.hard yet: upstream admits
        await CreateQuotaAsync(f.Registry, "one", new JsonObject { ["pods"] = "5" }, new JsonObject { ["pods"] = "1" }, Ct);

        await f.Registry.CreateAsync(Pods, "ns1", Pod("b"), new WriteOptions(DryRun: true), Ct);

        Assert.Equal("1", (await UsedAsync(f.Registry, "one", Ct))!["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ServiceBeyondNodePortQuota_CountsItsPorts()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateQuotaAsync(f.Registry, "svc", new JsonObject { ["services.nodeports"] = "1" }, new JsonObject { ["services.nodeports"] = "0" }, Ct);
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "s" },
            ["spec"] = new JsonObject
            {
                ["type"] = "NodePort",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "a", ["port"] = 80 }, new JsonObject { ["name"] = "b", ["port"] = 81 }),
            },
        };

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Kubesharp.Api.Catalog.BuiltInResources.Get("", "services"), "ns1", service, WriteOptions.None, Ct));

        Assert.Equal("services \"s\" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1", e.Message);
    }
}
