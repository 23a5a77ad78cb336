using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Kubesharp.ApiServer.Tests.Registry;

namespace Kubesharp.ApiServer.Tests.Subresources;

public sealed class ScalesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_Deployment_IsAutoscalingV1ScaleOfTheParent()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("web"), WriteOptions.None, Ct);

        var scale = await new Scales(f.Registry).GetAsync(new(Resources.Deployments, "ns1", "web"), Ct);

        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal("autoscaling/v1", (string?)scale["apiVersion"]);
        Assert.Equal("web", ObjectMeta.Name(scale));
        Assert.Equal("ns1", ObjectMeta.Namespace(scale));
        Assert.Equal(ObjectMeta.Uid(created), ObjectMeta.Uid(scale));
        Assert.Equal(ObjectMeta.ResourceVersion(created), ObjectMeta.ResourceVersion(scale));
        Assert.Equal(ObjectMeta.GetString(created, "creationTimestamp"), ObjectMeta.GetString(scale, "creationTimestamp"));
        Assert.Equal(2, (long)scale["spec"]!["replicas"]!);
        Assert.Equal(0, (long)scale["status"]!["replicas"]!);
        Assert.Equal("app=web,tier in (a,b)", (string?)scale["status"]!["selector"]);
    }

    [Fact]
    public async Task Get_ReplicationController_SelectorMapIsSortedText()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Objects.ReplicationControllers, "ns1", Objects.ReplicationController("rc"), WriteOptions.None, Ct);

        var scale = await new Scales(f.Registry).GetAsync(new(Objects.ReplicationControllers, "ns1", "rc"), Ct);

        Assert.Equal("a=1,b=2", (string?)scale["status"]!["selector"]);
        Assert.Equal(3, (long)scale["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Update_Replicas_ChangesOnlyParentSpecReplicasAndBumpsGeneration()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("web"), WriteOptions.None, Ct);
        var target = new ObjectRef(Resources.Deployments, "ns1", "web");

        var scale = await new Scales(f.Registry).UpdateAsync(target, s =>
        {
            s["spec"]!["replicas"] = 5;
            s["status"]!["replicas"] = 99; // status of a Scale is not writable
            return s;
        }, WriteOptions.None, Ct);

        var stored = await f.Registry.GetAsync(target, Ct);
        Assert.Equal(5, (long)stored["spec"]!["replicas"]!);
        Assert.Equal(2, ObjectMeta.Generation(stored));
        Assert.Null(stored["status"]);
        Assert.Equal(JsonNode.Parse(created["spec"]!["template"]!.ToJsonString())!.ToJsonString(), stored["spec"]!["template"]!.ToJsonString());
        Assert.Equal(5, (long)scale["spec"]!["replicas"]!);
        Assert.Equal(ObjectMeta.ResourceVersion(stored), ObjectMeta.ResourceVersion(scale));
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Is409OnTheParent()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("web"), WriteOptions.None, Ct);
        var target = new ObjectRef(Resources.Deployments, "ns1", "web");
        var scales = new Scales(f.Registry);
        await scales.UpdateAsync(target, s => { s["spec"]!["replicas"] = 3; return s; }, WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => scales.UpdateAsync(target, s =>
        {
            s["metadata"]!["resourceVersion"] = ObjectMeta.ResourceVersion(created);
            s["spec"]!["replicas"] = 4;
            return s;
        }, WriteOptions.None, Ct));

        Assert.Equal(409, e.Code);
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again", e.Message);
        Assert.Equal(3, (long)(await f.Registry.GetAsync(target, Ct))["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Update_NegativeReplicas_Is422ScaleInvalid()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("web"), WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => new Scales(f.Registry).UpdateAsync(new(Resources.Deployments, "ns1", "web"), s => { s["spec"]!["replicas"] = -1; return s; }, WriteOptions.None, Ct));

        Assert.Equal(422, e.Code);
        Assert.Equal("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", e.Message);
        Assert.Equal("spec.replicas", e.Details!.Causes![0].Field);
    }

    [Fact]
    public async Task Update_ToZero_OmitsSpecReplicasInScaleButStoresZero()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.Deployments, "ns1", Objects.Deployment("web"), WriteOptions.None, Ct);
        var target = new ObjectRef(Resources.Deployments, "ns1", "web");

        var scale = await new Scales(f.Registry).UpdateAsync(target, s => { s["spec"]!["replicas"] = 0; return s; }, WriteOptions.None, Ct);

        Assert.Null(scale["spec"]!["replicas"]);
        Assert.Equal(0, (long)(await f.Registry.GetAsync(target, Ct))["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Get_MissingParent_Is404OfTheParent()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => new Scales(f.Registry).GetAsync(new(Resources.Deployments, "ns1", "nope"), Ct));

        Assert.Equal(404, e.Code);
        Assert.Equal("deployments.apps \"nope\" not found", e.Message);
    }
}
