using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.EndpointSlices;

public sealed class EndpointsControllerTests
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private static readonly ResourceType Endpoints = BuiltInResources.Get("", "endpoints");
    private static readonly ResourceType Slices = BuiltInResources.Get("discovery.k8s.io", "endpointslices");

    [Fact]
    public async Task Reconcile_PodsBehindService_EndpointsAndSliceFollowReadiness()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Services, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "10.43.0.50",
                ["selector"] = new JsonObject { ["app"] = "web" },
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "web", ["protocol"] = "TCP" }),
            },
        }, ct);
        var a = await CreatePodAsync(harness, "a", "10.42.0.5", ready: true, ct);
        await CreatePodAsync(harness, "b", "10.42.0.6", ready: false, ct);

        var endpoints = await ControllerHarness.EventuallyAsync(
            async () => await TryGetAsync(harness, Endpoints, "web", ct),
            e => e?["subsets"]?[0]?["notReadyAddresses"] is JsonArray,
            ct);
        var subset = endpoints!["subsets"]![0]!;
        Assert.Equal("10.42.0.5", subset["addresses"]![0]!["ip"]!.GetValue<string>());
        Assert.Equal("10.42.0.6", subset["notReadyAddresses"]![0]!["ip"]!.GetValue<string>());
        Assert.Equal(8080, subset["ports"]![0]!["port"]!.GetValue<int>());

        var slice = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Slices, "default", new ListRequest { LabelSelector = "kubernetes.io/service-name=web" }, ct))["items"]!.AsArray(),
            s => s.Count == 1 && s[0]?["endpoints"]?.AsArray().Count == 2,
            ct);
        var items = slice[0]!["endpoints"]!.AsArray();
        Assert.True(items.Single(e => e!["addresses"]![0]!.GetValue<string>() == "10.42.0.5")!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.False(items.Single(e => e!["addresses"]![0]!.GetValue<string>() == "10.42.0.6")!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal("endpointslice-controller.k8s.io", slice[0]!["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]!.GetValue<string>());

        await harness.Client.DeleteAsync(ControllerHarness.Pods, "default", "a", null, ct);
        var after = await ControllerHarness.EventuallyAsync(
            async () => await TryGetAsync(harness, Endpoints, "web", ct),
            e => e?["subsets"]?[0]?["addresses"] is null,
            ct);
        Assert.Null(after!["subsets"]![0]!["addresses"]);
        Assert.NotNull(a);
    }

    private static async Task<JsonObject?> TryGetAsync(ControllerHarness harness, ResourceType type, string name, CancellationToken ct)
    {
        try
        {
            return await harness.Client.GetAsync(type, "default", name, ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    private static async Task<JsonObject> CreatePodAsync(ControllerHarness harness, string name, string ip, bool ready, CancellationToken ct)
    {
        var pod = await harness.Client.CreateAsync(ControllerHarness.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "c",
                    ["image"] = "busybox",
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "web", ["containerPort"] = 8080 }),
                }),
            },
        }, ct);
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = ip,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        return await harness.Client.UpdateStatusAsync(ControllerHarness.Pods, pod, ct);
    }
}
