using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.ResourceQuotas;

public sealed class ResourceQuotaControllerTests
{
    private static readonly ResourceType Quotas = BuiltInResources.Get("", "resourcequotas");
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");
    private static readonly ResourceType Claims = BuiltInResources.Get("", "persistentvolumeclaims");

    [Fact]
    public async Task Reconcile_ObjectsInNamespace_ReportsHardAndUsedInQuantityForm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("a", "250m", "64Mi"), ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("b", "500m", "64Mi"), ct);
        await harness.Client.CreateAsync(ConfigMaps, "default", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "cm" } }, ct);
        await harness.Client.CreateAsync(Claims, "default", Claim("data", "2Gi"), ct);
        await harness.Client.CreateAsync(Quotas, "default", Quota(new JsonObject
        {
            ["pods"] = "10",
            ["requests.cpu"] = "2",
            ["limits.memory"] = "1Gi",
            ["count/configmaps"] = "5",
            ["persistentvolumeclaims"] = "3",
            ["requests.storage"] = "10Gi",
        }), ct);

        var used = await UsedAsync(harness, u => u?["pods"]?.GetValue<string>() == "2", ct);
        Assert.Equal("750m", used!["requests.cpu"]!.GetValue<string>());
        Assert.Equal("128Mi", used["limits.memory"]!.GetValue<string>());
        Assert.Equal("1", used["count/configmaps"]!.GetValue<string>());
        Assert.Equal("1", used["persistentvolumeclaims"]!.GetValue<string>());
        Assert.Equal("2Gi", used["requests.storage"]!.GetValue<string>());
        var stored = await harness.Client.GetAsync(Quotas, "default", "q", ct);
        Assert.Equal("10", stored["status"]!["hard"]!["pods"]!.GetValue<string>());

        await harness.Client.DeleteAsync(ControllerHarness.Pods, "default", "b", null, ct);
        used = await UsedAsync(harness, u => u?["pods"]?.GetValue<string>() == "1", ct);
        Assert.Equal("250m", used!["requests.cpu"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admission_QuotaOfTwoPods_ThirdCreateIsForbiddenAndDeletionFreesTheUnit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Quotas, "default", Quota(new JsonObject { ["pods"] = "2" }), ct);
        await UsedAsync(harness, u => u?["pods"] is not null, ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("a", "1m", "1Mi"), ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("b", "1m", "1Mi"), ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("c", "1m", "1Mi"), ct));
        Assert.Equal(403, e.Code);
        Assert.Equal("pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2", e.Message);

        await harness.Client.DeleteAsync(ControllerHarness.Pods, "default", "a", null, ct);
        await UsedAsync(harness, u => u?["pods"]?.GetValue<string>() == "1", ct);
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("c", "1m", "1Mi"), ct);
    }

    [Fact]
    public async Task Reconcile_ScopedQuotas_CountOnlyThePodsTheirScopesSelect()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var free = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "free" },
            ["spec"] = new JsonObject { ["activeDeadlineSeconds"] = 600, ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", free, ct); // BestEffort, Terminating
        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("paid", "250m", "64Mi"), ct); // NotBestEffort, NotTerminating
        var bestEffort = Quota(new JsonObject { ["pods"] = "10" });
        bestEffort["metadata"]!["name"] = "best-effort";
        bestEffort["spec"]!["scopes"] = new JsonArray("BestEffort");
        var notTerminating = Quota(new JsonObject { ["pods"] = "10", ["requests.cpu"] = "4" });
        notTerminating["metadata"]!["name"] = "long-running";
        notTerminating["spec"]!["scopeSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["scopeName"] = "NotTerminating", ["operator"] = "Exists" }) };
        await harness.Client.CreateAsync(Quotas, "default", bestEffort, ct);
        await harness.Client.CreateAsync(Quotas, "default", notTerminating, ct);
        await harness.Client.CreateAsync(Quotas, "default", Quota(new JsonObject { ["pods"] = "10" }), ct);

        Assert.Equal("2", (await UsedAsync(harness, u => u?["pods"] is not null, ct))!["pods"]!.GetValue<string>());
        var usedByName = new Dictionary<string, JsonNode?>();
        foreach (var name in new[] { "best-effort", "long-running" })
        {
            usedByName[name] = await ControllerHarness.EventuallyAsync(
                async () => (await harness.Client.GetAsync(Quotas, "default", name, ct))["status"]?["used"],
                u => u?["pods"] is not null,
                ct);
        }

        Assert.Equal("1", usedByName["best-effort"]!["pods"]!.GetValue<string>());
        Assert.Equal("1", usedByName["long-running"]!["pods"]!.GetValue<string>());
        Assert.Equal("250m", usedByName["long-running"]!["requests.cpu"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admission_BestEffortQuotaOfZeroPods_RefusesOnlyBestEffortPods()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        var quota = Quota(new JsonObject { ["pods"] = "0" });
        quota["spec"]!["scopes"] = new JsonArray("BestEffort");
        await harness.Client.CreateAsync(Quotas, "default", quota, ct);
        await UsedAsync(harness, u => u?["pods"] is not null, ct);

        await harness.Client.CreateAsync(ControllerHarness.Pods, "default", Pod("paid", "100m", "64Mi"), ct);
        var free = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "free" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
        };
        var e = await Assert.ThrowsAsync<ApiException>(() => harness.Client.CreateAsync(ControllerHarness.Pods, "default", free, ct));

        Assert.Equal(403, e.Code);
        Assert.StartsWith("pods \"free\" is forbidden: exceeded quota: q", e.Message, StringComparison.Ordinal);
    }

    private static Task<JsonNode?> UsedAsync(ControllerHarness harness, Func<JsonNode?, bool> check, CancellationToken ct) =>
        ControllerHarness.EventuallyAsync(async () => (await harness.Client.GetAsync(Quotas, "default", "q", ct))["status"]?["used"], check, ct);

    private static JsonObject Quota(JsonObject hard) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ResourceQuota",
        ["metadata"] = new JsonObject { ["name"] = "q" },
        ["spec"] = new JsonObject { ["hard"] = hard },
    };

    private static JsonObject Claim(string name, string storage) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = storage } },
        },
    };

    private static JsonObject Pod(string name, string cpu, string memory) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "c",
                ["image"] = "busybox",
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
                    ["limits"] = new JsonObject { ["memory"] = memory },
                },
            }),
        },
    };
}
