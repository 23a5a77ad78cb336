using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Kubesharp.ApiServer.Tests.Registry;

namespace Kubesharp.ApiServer.Tests.Subresources;

public sealed class PodBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Binding(string pod, string node, string kind = "Node") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Binding",
        ["metadata"] = new JsonObject { ["name"] = pod, ["annotations"] = new JsonObject { ["scheduler/by"] = "test" } },
        ["target"] = new JsonObject { ["kind"] = kind, ["name"] = node },
    };

    [Fact]
    public async Task Bind_UnassignedPod_SetsNodeNameAnnotationsAndPodScheduled()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p"), WriteOptions.None, Ct);
        var target = new ObjectRef(Objects.Pods, "ns1", "p");

        await new PodBinding(f.Registry).BindAsync(target, Binding("p", "node-1"), dryRun: false, Ct);

        var pod = await f.Registry.GetAsync(target, Ct);
        Assert.Equal("node-1", (string?)pod["spec"]!["nodeName"]);
        Assert.Equal("test", ObjectMeta.Annotations(pod)["scheduler/by"]);
        var condition = Assert.Single(pod["status"]!["conditions"]!.AsArray())!;
        Assert.Equal("PodScheduled", (string?)condition["type"]);
        Assert.Equal("True", (string?)condition["status"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)condition["lastTransitionTime"]);
    }

    [Fact]
    public async Task Bind_AssignedPod_Is409WithUpstreamMessageAndChangesNothing()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p", nodeName: "node-0"), WriteOptions.None, Ct);
        var target = new ObjectRef(Objects.Pods, "ns1", "p");

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodBinding(f.Registry).BindAsync(target, Binding("p", "node-1"), dryRun: false, Ct));

        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"p\": pod p is already assigned to node \"node-0\"", e.Message);
        Assert.Equal(ObjectMeta.ResourceVersion(created), ObjectMeta.ResourceVersion(await f.Registry.GetAsync(target, Ct)));
    }

    [Fact]
    public async Task Bind_NameMismatch_Is400()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p"), WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodBinding(f.Registry).BindAsync(new(Objects.Pods, "ns1", "p"), Binding("q", "node-1"), dryRun: false, Ct));

        Assert.Equal(400, e.Code);
        Assert.Equal("name in URL does not match name in Binding object", e.Message);
    }

    [Fact]
    public async Task Bind_TargetNotNode_Is422()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p"), WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodBinding(f.Registry).BindAsync(new(Objects.Pods, "ns1", "p"), Binding("p", "n", kind: "Pod"), dryRun: false, Ct));

        Assert.Equal(422, e.Code);
        Assert.Equal("target.kind", e.Details!.Causes![0].Field);
    }

    [Fact]
    public async Task Bind_MissingPod_Is404()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodBinding(f.Registry).BindAsync(new(Objects.Pods, "ns1", "p"), Binding("p", "n"), dryRun: false, Ct));

        Assert.Equal(404, e.Code);
        Assert.Equal("pods \"p\" not found", e.Message);
    }

    [Fact]
    public async Task Bind_DryRun_WritesNothing()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod("p"), WriteOptions.None, Ct);
        var target = new ObjectRef(Objects.Pods, "ns1", "p");

        await new PodBinding(f.Registry).BindAsync(target, Binding("p", "node-1"), dryRun: true, Ct);

        Assert.Null((await f.Registry.GetAsync(target, Ct))["spec"]!["nodeName"]);
    }
}
