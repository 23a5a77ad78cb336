using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Server;

namespace Kubesharp.Client.Tests.EndToEnd;

/// <summary>The client against the real <c>kubesharp server</c> over HTTPS with the admin kubeconfig.</summary>
[Trait("Category", "EndToEnd")]
public sealed class InformerEndToEndTests : IAsyncLifetime
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.All.Single(r => r.Plural == "configmaps");
    private readonly KubesharpServerProcess _server = new("kubesharp-client-e2e-");

    public async ValueTask InitializeAsync() => await _server.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Informer_OnConfigMaps_SeesCreateUpdateDeleteOverHttps()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var transport = ApiTransports.FromKubeconfig(_server.KubeconfigPath);
        var client = ApiClients.Create(transport);

        // Something to find in the initial (paged) list; the label keeps out what controllers publish (kube-root-ca.crt).
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync(ConfigMaps, "default", ConfigMap($"pre{i}", "0"), ct);
        }

        var events = new ConcurrentQueue<string>();
        using var informer = InformerFactory.Create(client, new InformerOptions(ConfigMaps, "default") { PageSize = 2, LabelSelector = "test=informer" });
        informer.AddHandler(new InformerHandler
        {
            OnAdd = o => events.Enqueue($"add {ObjectKeys.Key(o)} {o["data"]?["v"]}"),
            OnUpdate = (o, n) => events.Enqueue($"update {ObjectKeys.Key(n)} {o["data"]?["v"]}->{n["data"]?["v"]}"),
            OnDelete = o => events.Enqueue($"delete {ObjectKeys.Key(o)}"),
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(3, informer.Store.Count);
        Assert.Equal(3, events.Count);
        events.Clear();

        var created = await client.CreateAsync(ConfigMaps, "default", ConfigMap("live", "1"), ct);
        await Eventually.TrueAsync(() => informer.Store.Get("default/live") is not null, "the ADDED event", 30);

        created["data"]!["v"] = "2";
        var updated = await client.UpdateAsync(ConfigMaps, created, ct);
        await Eventually.TrueAsync(() => informer.Store.Get("default/live")?["data"]?["v"]?.GetValue<string>() == "2", "the MODIFIED event", 30);

        // A stale resourceVersion is refused with the server's Status.
        var conflict = await Assert.ThrowsAsync<ApiException>(() => client.UpdateAsync(ConfigMaps, created, ct));
        Assert.Equal(409, conflict.Code);
        Assert.Equal("Conflict", conflict.Reason);

        await client.DeleteAsync(ConfigMaps, "default", "live", null, ct);
        await Eventually.TrueAsync(() => informer.Store.Get("default/live") is null, "the DELETED event", 30);
        var missing = await Assert.ThrowsAsync<ApiException>(() => client.GetAsync(ConfigMaps, "default", "live", ct));
        Assert.True(missing.IsNotFound);

        await Eventually.TrueAsync(() => events.Count >= 3, "three events", 30);
        Assert.Equal(["add default/live 1", "update default/live 1->2", "delete default/live"], events);
        Assert.NotEqual(ObjectKeys.ResourceVersion(created), ObjectKeys.ResourceVersion(updated));

        await stop.CancelAsync();
        await run;
    }

    private static JsonObject ConfigMap(string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["test"] = "informer" } },
        ["data"] = new JsonObject { ["v"] = value },
    };
}
