using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ResourceRegistryDeleteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_NoFinalizers_RemovesObjectAndReturnsIt()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var outcome = await f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "x"), new(), Ct);

        Assert.True(outcome.Deleted);
        Assert.Equal("x", ObjectMeta.Name(outcome.Body));
        Assert.Null(await f.Store.GetAsync("/registry/configmaps/ns1/x", Ct));
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksObject_RemovingLastFinalizerDeletesIt()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var target = new ObjectRef(Resources.ConfigMaps, "ns1", "x");
        var body = Resources.ConfigMap("x");
        body["metadata"]!["finalizers"] = new JsonArray("example.com/keep");
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", body, WriteOptions.None, Ct);

        var outcome = await f.Registry.DeleteAsync(target, new(), Ct);
        var marked = await f.Registry.GetAsync(target, Ct);
        ObjectMeta.SetFinalizers(marked, []);
        await f.Registry.UpdateAsync(target, marked, null, WriteOptions.None, Ct);

        Assert.False(outcome.Deleted);
        Assert.NotNull(ObjectMeta.DeletionTimestamp(outcome.Body));
        Assert.Equal(0, outcome.Body["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.NotNull(ObjectMeta.DeletionTimestamp(marked));
        Assert.Null(await f.Store.GetAsync("/registry/configmaps/ns1/x", Ct));
    }

    [Fact]
    public async Task Update_AddingFinalizerWhileDeleting_Is422Forbidden()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var target = new ObjectRef(Resources.ConfigMaps, "ns1", "x");
        var body = Resources.ConfigMap("x");
        body["metadata"]!["finalizers"] = new JsonArray("example.com/keep");
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", body, WriteOptions.None, Ct);
        await f.Registry.DeleteAsync(target, new(), Ct);
        var marked = await f.Registry.GetAsync(target, Ct);
        ObjectMeta.SetFinalizers(marked, ["example.com/keep", "example.com/more"]);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(target, marked, null, WriteOptions.None, Ct));

        Assert.Equal(422, e.Code);
        Assert.Equal("metadata.finalizers", Assert.Single(e.Details!.Causes!).Field);
    }

    [Theory]
    [InlineData("Foreground", "foregroundDeletion")]
    [InlineData("Orphan", "orphan")]
    public async Task Delete_PropagationPolicy_AddsItsFinalizer(string policy, string finalizer)
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var outcome = await f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "x"), new() { PropagationPolicy = policy }, Ct);

        Assert.False(outcome.Deleted);
        Assert.Equal([finalizer], ObjectMeta.Finalizers(outcome.Body));
    }

    [Fact]
    public async Task Delete_UidPreconditionMismatch_Is409()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "x"), new() { PreconditionUid = "other" }, Ct));

        Assert.Equal(409, e.Code);
        Assert.Contains("Precondition failed: UID in precondition: other", e.Message, StringComparison.Ordinal);
        Assert.NotNull(await f.Store.GetAsync("/registry/configmaps/ns1/x", Ct));
    }

    [Fact]
    public async Task Delete_DryRun_KeepsObject()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x"), WriteOptions.None, Ct);

        var outcome = await f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "x"), new() { DryRun = true }, Ct);

        Assert.True(outcome.Deleted);
        Assert.NotNull(await f.Store.GetAsync("/registry/configmaps/ns1/x", Ct));
    }

    [Fact]
    public async Task Delete_Missing_Is404()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "x"), new(), Ct));

        Assert.Equal(404, e.Code);
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatching()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a", labels: new JsonObject { ["app"] = "web" }), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("b", labels: new JsonObject { ["app"] = "db" }), WriteOptions.None, Ct);

        var deleted = await f.Registry.DeleteCollectionAsync(
            Resources.ConfigMaps, "ns1", new ListOptions { Filter = ObjectFilter.Parse(Resources.ConfigMaps, "app=web", null) }, new(), Ct);

        Assert.Single((JsonArray)deleted["items"]!);
        Assert.Null(await f.Store.GetAsync("/registry/configmaps/ns1/a", Ct));
        Assert.NotNull(await f.Store.GetAsync("/registry/configmaps/ns1/b", Ct));
    }

    [Fact]
    public async Task DeleteNamespace_MarksTerminating_LifecycleRemovesContentsThenNamespace()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);
        var lifecycle = new NamespaceLifecycle(f.Registry, Resources.Catalog, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var outcome = await f.Registry.DeleteAsync(new(Resources.Namespaces, null, "ns1"), new(), Ct);
        await lifecycle.FinalizeTerminatingAsync(Ct); // deletes the contents
        await lifecycle.FinalizeTerminatingAsync(Ct); // then the empty namespace

        Assert.False(outcome.Deleted);
        Assert.Equal("Terminating", outcome.Body["status"]!["phase"]!.GetValue<string>());
        Assert.Null(await f.Store.GetAsync("/registry/configmaps/ns1/a", Ct));
        Assert.Null(await f.Store.GetAsync("/registry/namespaces/ns1", Ct));
    }
}
