using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ResourceRegistryCreateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NewObject_SetsUidTimestampGenerationAndResourceVersion()
    {
        await using var f = await RegistryWithNamespaceAsync();

        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);

        Assert.Equal(f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), ObjectMeta.ResourceVersion(created));
        Assert.True(Guid.TryParse(ObjectMeta.Uid(created), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ObjectMeta.GetString(created, "creationTimestamp"));
        Assert.Equal(1, ObjectMeta.Generation(created));
        Assert.Equal("ns1", ObjectMeta.Namespace(created));
        var stored = await f.Store.GetAsync("/registry/configmaps/ns1/a", Ct);
        Assert.NotNull(stored);
        Assert.DoesNotContain("resourceVersion", System.Text.Encoding.UTF8.GetString(stored.Value.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsFiveCharactersFromUpstreamAlphabet()
    {
        await using var f = await RegistryWithNamespaceAsync();
        var body = Resources.ConfigMap(null);
        body["metadata"]!["generateName"] = "web-";

        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", body, WriteOptions.None, Ct);

        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", ObjectMeta.Name(created));
    }

    [Fact]
    public async Task Create_Twice_Is409AlreadyExists()
    {
        await using var f = await RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct));

        Assert.Equal(409, e.Code);
        Assert.Equal("AlreadyExists", e.Reason);
        Assert.Equal("configmaps \"a\" already exists", e.Message);
    }

    [Fact]
    public async Task Create_WithoutNameOrGenerateName_Is422Required()
    {
        await using var f = await RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap(null), WriteOptions.None, Ct));

        Assert.Equal(422, e.Code);
        var cause = Assert.Single(e.Details!.Causes!);
        Assert.Equal("FieldValueRequired", cause.Reason);
        Assert.Equal("metadata.name", cause.Field);
    }

    [Fact]
    public async Task Create_InvalidName_Is422InvalidWithDns1123Message()
    {
        await using var f = await RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("Bad_Name"), WriteOptions.None, Ct));

        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Reason);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", e.Message, StringComparison.Ordinal);
        Assert.Equal("FieldValueInvalid", Assert.Single(e.Details!.Causes!).Reason);
    }

    [Fact]
    public async Task Create_InMissingNamespace_Is404ForTheNamespace()
    {
        await using var f = await StoreFixture.CreateAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "nope", Resources.ConfigMap("a"), WriteOptions.None, Ct));

        Assert.Equal(404, e.Code);
        Assert.Equal("namespaces \"nope\" not found", e.Message);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_Is403Forbidden()
    {
        await using var f = await RegistryWithNamespaceAsync();
        await f.Registry.DeleteAsync(new(Resources.Namespaces, null, "ns1"), new(), Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct));

        Assert.Equal(403, e.Code);
        Assert.Equal("Forbidden", e.Reason);
    }

    [Fact]
    public async Task Create_KindNotMatchingUrl_Is400()
    {
        await using var f = await RegistryWithNamespaceAsync();
        var body = Resources.ConfigMap("a");
        body["kind"] = "Secret";

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", body, WriteOptions.None, Ct));

        Assert.Equal(400, e.Code);
    }

    [Fact]
    public async Task Create_NamespaceNotMatchingUrl_Is400()
    {
        await using var f = await RegistryWithNamespaceAsync();
        var body = Resources.ConfigMap("a");
        body["metadata"]!["namespace"] = "other";

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", body, WriteOptions.None, Ct));

        Assert.Equal(400, e.Code);
    }

    [Fact]
    public async Task Create_DryRun_AnswersWithoutWriting()
    {
        await using var f = await RegistryWithNamespaceAsync();
        var before = f.Store.CurrentRevision;

        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), new WriteOptions(DryRun: true), Ct);

        Assert.Equal("a", ObjectMeta.Name(created));
        Assert.Equal(before, f.Store.CurrentRevision);
        Assert.Null(await f.Store.GetAsync("/registry/configmaps/ns1/a", Ct));
    }

    [Fact]
    public async Task Create_StatusOfKindWithStatusSubresource_IsDropped()
    {
        await using var f = await RegistryWithNamespaceAsync();
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject { ["replicas"] = 1 },
            ["status"] = new JsonObject { ["replicas"] = 5 },
        };

        var created = await f.Registry.CreateAsync(Resources.Deployments, "ns1", deployment, WriteOptions.None, Ct);

        Assert.Null(created["status"]);
    }

    internal static async Task<StoreFixture> RegistryWithNamespaceAsync()
    {
        var f = await StoreFixture.CreateAsync();
        await f.Registry.CreateAsync(Resources.Namespaces, null, Resources.Namespace("ns1"), WriteOptions.None, Ct);
        return f;
    }
}
