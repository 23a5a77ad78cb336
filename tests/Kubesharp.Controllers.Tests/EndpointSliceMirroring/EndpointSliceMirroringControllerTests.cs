using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.EndpointSliceMirroring;

public sealed class EndpointSliceMirroringControllerTests
{
    private static readonly ResourceType Services = BuiltInResources.Get("", "services");
    private static readonly ResourceType Endpoints = BuiltInResources.Get("", "endpoints");
    private static readonly ResourceType Slices = BuiltInResources.Get("discovery.k8s.io", "endpointslices");

    [Fact]
    public async Task Reconcile_ManualEndpointsOfSelectorlessService_MirroredAndFollowChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(Services, "default", Service("db", selector: false), ct);
        var endpoints = await harness.Client.CreateAsync(Endpoints, "default", ManualEndpoints("db", ["10.9.0.1", "fd00::1"], ["10.9.0.2"]), ct);

        var slices = await MirroredAsync(harness, "db", s => s.Count == 2, ct);
        var v4 = slices.Single(s => s["addressType"]!.GetValue<string>() == "IPv4");
        var v6 = slices.Single(s => s["addressType"]!.GetValue<string>() == "IPv6");
        Assert.Equal(["10.9.0.1", "10.9.0.2"], v4["endpoints"]!.AsArray().Select(e => e!["addresses"]![0]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.False(v4["endpoints"]!.AsArray().Single(e => e!["addresses"]![0]!.GetValue<string>() == "10.9.0.2")!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal("fd00::1", v6["endpoints"]![0]!["addresses"]![0]!.GetValue<string>());
        Assert.Equal(5432, v4["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("pg", v4["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("db", v4["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>());
        Assert.Equal("blue", v4["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(endpoints["metadata"]!["uid"]!.GetValue<string>(), v4["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());

        // An edit of the Endpoints is mirrored in place.
        var edited = (JsonObject)endpoints.DeepClone();
        edited["subsets"] = ManualEndpoints("db", ["10.9.0.3"], [])["subsets"]!.DeepClone();
        await harness.Client.UpdateAsync(Endpoints, edited, ct);
        var after = await MirroredAsync(harness, "db", s => s.Count == 1 && s[0]["endpoints"]?[0]?["addresses"]?[0]?.GetValue<string>() == "10.9.0.3", ct);
        Assert.Single(after);
    }

    [Fact]
    public async Task Reconcile_SelectorServiceOrSkipMirrorOrNoService_NothingMirrored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        // Endpoints first: the endpoints controller writes its own for a Service with a selector.
        await harness.Client.CreateAsync(Endpoints, "default", ManualEndpoints("picked", ["10.9.0.1"], []), ct);
        await harness.Client.CreateAsync(Services, "default", Service("picked", selector: true), ct);
        var skipped = ManualEndpoints("skipped", ["10.9.0.1"], []);
        skipped["metadata"]!["labels"]!["endpointslice.kubernetes.io/skip-mirror"] = "true";
        await harness.Client.CreateAsync(Services, "default", Service("skipped", selector: false), ct);
        await harness.Client.CreateAsync(Endpoints, "default", skipped, ct);
        await harness.Client.CreateAsync(Endpoints, "default", ManualEndpoints("orphan", ["10.9.0.1"], []), ct);
        // A control: once it is mirrored, the controller has seen all of the above.
        await harness.Client.CreateAsync(Services, "default", Service("control", selector: false), ct);
        await harness.Client.CreateAsync(Endpoints, "default", ManualEndpoints("control", ["10.9.0.9"], []), ct);
        await MirroredAsync(harness, "control", s => s.Count == 1, ct);

        var all = (await harness.Client.ListAsync(Slices, "default", new ListRequest { LabelSelector = "endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io" }, ct))["items"]!.AsArray();
        Assert.Equal(["control"], all.Select(s => s!["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>()));
    }

    private static async Task<List<JsonObject>> MirroredAsync(ControllerHarness harness, string service, Func<List<JsonObject>, bool> done, CancellationToken ct) =>
        await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Slices, "default", new ListRequest { LabelSelector = $"kubernetes.io/service-name={service},endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io" }, ct))["items"]!.AsArray().OfType<JsonObject>().ToList(),
            done,
            ct);

    private static JsonObject Service(string name, bool selector)
    {
        var spec = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["name"] = "pg", ["port"] = 5432, ["protocol"] = "TCP" }) };
        if (selector)
        {
            spec["selector"] = new JsonObject { ["app"] = name };
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private static JsonObject ManualEndpoints(string name, string[] ready, string[] notReady)
    {
        var subset = new JsonObject
        {
            ["addresses"] = new JsonArray(ready.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip }).ToArray()),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "pg", ["port"] = 5432, ["protocol"] = "TCP" }),
        };
        if (notReady.Length > 0)
        {
            subset["notReadyAddresses"] = new JsonArray(notReady.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip }).ToArray());
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["team"] = "blue" } },
            ["subsets"] = new JsonArray(subset),
        };
    }
}
