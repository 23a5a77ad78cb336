using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ResourceRegistryListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEverythingOnce()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i}"), WriteOptions.None, Ct);
        }

        var first = await f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { Limit = 2 }, Ct);
        var names = Names(first);
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        Assert.Equal(3, first["metadata"]!["remainingItemCount"]!.GetValue<long>());
        while (token is not null)
        {
            var page = await f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { Limit = 2, Continue = token }, Ct);
            names.AddRange(Names(page));
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }

        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], names);
        Assert.Equal("ConfigMapList", first["kind"]!.GetValue<string>());
        Assert.Equal("v1", first["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_LabelSelectorWithLimit_FillsPagesWithMatchesOnly()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        for (var i = 0; i < 6; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i}", labels: new JsonObject { ["even"] = (i % 2 == 0).ToString() }), WriteOptions.None, Ct);
        }

        var filter = ObjectFilter.Parse(Resources.ConfigMaps, "even=True", null);
        var page = await f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { Filter = filter, Limit = 2 }, Ct);
        var rest = await f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { Filter = filter, Limit = 2, Continue = page["metadata"]!["continue"]!.GetValue<string>() }, Ct);

        Assert.Equal(["c0", "c2"], Names(page));
        Assert.Equal(["c4"], Names(rest));
        Assert.Null(page["metadata"]!["remainingItemCount"]);
    }

    [Fact]
    public async Task List_AllNamespaces_And_FieldSelectorOnNamespace()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.Namespaces, null, Resources.Namespace("ns2"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns2", Resources.ConfigMap("b"), WriteOptions.None, Ct);

        var all = await f.Registry.ListAsync(Resources.ConfigMaps, null, new ListOptions(), Ct);
        var ns2 = await f.Registry.ListAsync(Resources.ConfigMaps, null, new ListOptions { Filter = ObjectFilter.Parse(Resources.ConfigMaps, null, "metadata.namespace=ns2") }, Ct);

        Assert.Equal(["a", "b"], Names(all));
        Assert.Equal(["b"], Names(ns2));
        Assert.Equal(f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), all["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_ExactResourceVersion_ReadsThePast()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("b"), WriteOptions.None, Ct);

        var past = await f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { ResourceVersion = ObjectMeta.ResourceVersion(created), ResourceVersionMatch = "Exact" }, Ct);

        Assert.Equal(["a"], Names(past));
    }

    [Fact]
    public async Task List_MalformedContinue_Is400()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.ListAsync(Resources.ConfigMaps, "ns1", new ListOptions { Limit = 1, Continue = "garbage!" }, Ct));

        Assert.Equal(400, e.Code);
    }

    private static List<string> Names(JsonObject list) =>
        [.. ((JsonArray)list["items"]!).Select(i => ObjectMeta.Name((JsonObject)i!)!)];
}
