using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ResourceRegistryUpdateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Update_StaleResourceVersion_Is409ConflictWithUpstreamMessage()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);
        var first = (JsonObject)created.DeepClone();
        first["data"]!["k"] = "1";
        await f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), first, null, WriteOptions.None, Ct);
        var stale = (JsonObject)created.DeepClone();
        stale["data"]!["k"] = "2";

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), stale, null, WriteOptions.None, Ct));

        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again", e.Message);
    }

    [Fact]
    public async Task Update_WithoutResourceVersion_IsUnconditional()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var updated = await f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), Resources.ConfigMap("x", "new"), null, WriteOptions.None, Ct);

        Assert.Equal("new", updated["data"]!["k"]!.GetValue<string>());
        Assert.Equal(f.Store.CurrentRevision.ToString(CultureInfo.InvariantCulture), ObjectMeta.ResourceVersion(updated));
    }

    [Fact]
    public async Task Update_Missing_Is404()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), Resources.ConfigMap("x"), null, WriteOptions.None, Ct));

        Assert.Equal(404, e.Code);
        Assert.Equal("configmaps \"x\" not found", e.Message);
        Assert.Equal("configmaps", e.Details!.Kind);
        Assert.Equal("x", e.Details.Name);
    }

    [Fact]
    public async Task Update_NameNotMatchingUrl_Is400()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "b"), Resources.ConfigMap("a"), null, WriteOptions.None, Ct));

        Assert.Equal(400, e.Code);
        Assert.Equal("the name of the object (a) does not match the name on the URL (b)", e.Message);
    }

    [Fact]
    public async Task Update_SpecChange_BumpsGeneration_MetadataChangeDoesNot()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var target = new ObjectRef(Resources.ConfigMaps, "ns1", "x");
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var labelled = await f.Registry.UpdateAsync(target, Resources.ConfigMap("x", labels: new JsonObject { ["a"] = "b" }), null, WriteOptions.None, Ct);
        var changed = await f.Registry.UpdateAsync(target, Resources.ConfigMap("x", "other"), null, WriteOptions.None, Ct);

        Assert.Equal(1, ObjectMeta.Generation(labelled));
        Assert.Equal(2, ObjectMeta.Generation(changed));
    }

    [Fact]
    public async Task Update_NothingChanged_DoesNotWrite()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);
        var revision = f.Store.CurrentRevision;

        var same = await f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), (JsonObject)created.DeepClone(), null, WriteOptions.None, Ct);

        Assert.Equal(revision, f.Store.CurrentRevision);
        Assert.Equal(ObjectMeta.ResourceVersion(created), ObjectMeta.ResourceVersion(same));
    }

    [Fact]
    public async Task Update_MainResource_IgnoresStatus_StatusSubresource_ChangesOnlyStatus()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var target = new ObjectRef(Resources.Deployments, "ns1", "web");
        await f.Registry.CreateAsync(Resources.Deployments, "ns1", Deployment(1, null), WriteOptions.None, Ct);

        var main = await f.Registry.UpdateAsync(target, Deployment(2, 7), null, WriteOptions.None, Ct);
        var status = await f.Registry.UpdateAsync(target, Deployment(9, 3), "status", WriteOptions.None, Ct);

        Assert.Null(main["status"]);
        Assert.Equal(2, main["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, status["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(3, status["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, ObjectMeta.Generation(status));
    }

    [Fact]
    public async Task GuaranteedUpdate_ConcurrentUnconditionalWriters_AllApplied()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var target = new ObjectRef(Resources.ConfigMaps, "ns1", "counter");
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("counter", "0"), WriteOptions.None, Ct);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.Registry.GuaranteedUpdateAsync(
            target,
            null,
            current =>
            {
                var n = int.Parse(current!["data"]!["k"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                current["data"]!["k"] = (n + 1).ToString(CultureInfo.InvariantCulture);
                return current;
            },
            null,
            WriteOptions.None,
            Ct))));

        var final = await f.Registry.GetAsync(target, Ct);
        Assert.Equal("8", final["data"]!["k"]!.GetValue<string>());
    }

    private static JsonObject Deployment(int replicas, int? statusReplicas)
    {
        var d = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
        if (statusReplicas is { } s)
        {
            d["status"] = new JsonObject { ["replicas"] = s };
        }

        return d;
    }
}
