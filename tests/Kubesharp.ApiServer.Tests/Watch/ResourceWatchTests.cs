using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Watch;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Watch;

public sealed class ResourceWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_FromNow_SendsExistingAsAddedThenLiveChanges()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("old"), WriteOptions.None, Ct);
        await using var events = Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, null));

        var added = await events.NextAsync();
        await f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "old"), Resources.ConfigMap("old", "2"), null, WriteOptions.None, Ct);
        var modified = await events.NextAsync();
        await f.Registry.DeleteAsync(new(Resources.ConfigMaps, "ns1", "old"), new(), Ct);
        var deleted = await events.NextAsync();

        Assert.Equal(("ADDED", "old"), (added.Type, ObjectMeta.Name(added.Body)));
        Assert.Equal("MODIFIED", modified.Type);
        Assert.Equal("2", modified.Body["data"]!["k"]!.GetValue<string>());
        Assert.Equal("DELETED", deleted.Type);
        Assert.Equal(f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), ObjectMeta.ResourceVersion(deleted.Body));
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysOnlyLaterChanges_InOtherNamespacesNothing()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.Namespaces, null, Resources.Namespace("ns2"), WriteOptions.None, Ct);
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance);
        var a = await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns2", Resources.ConfigMap("other"), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("b"), WriteOptions.None, Ct);

        await using var events = Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, ObjectMeta.ResourceVersion(a)));
        var first = await events.NextAsync();

        Assert.Equal(("ADDED", "b"), (first.Type, ObjectMeta.Name(first.Body)));
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectThatStopsMatchingIsDeleted()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance);
        var filter = ObjectFilter.Parse(Resources.ConfigMaps, "app=web", null);
        await using var events = Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", filter, null));
        await Task.Delay(100, Ct);

        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("x", labels: new JsonObject { ["app"] = "web" }), WriteOptions.None, Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("y"), WriteOptions.None, Ct);
        await f.Registry.UpdateAsync(new(Resources.ConfigMaps, "ns1", "x"), Resources.ConfigMap("x", labels: new JsonObject { ["app"] = "db" }), null, WriteOptions.None, Ct);

        var added = await events.NextAsync();
        var gone = await events.NextAsync();
        Assert.Equal(("ADDED", "x"), (added.Type, ObjectMeta.Name(added.Body)));
        Assert.Equal(("DELETED", "x"), (gone.Type, ObjectMeta.Name(gone.Body)));

        // As upstream: the object as the watcher last matched it, at the update's resourceVersion.
        Assert.Equal("web", gone.Body["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal(f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), ObjectMeta.ResourceVersion(gone.Body));

        // A selector watcher writes the event's shared serialized object, not a copy of its own.
        Assert.True(JsonNode.DeepEquals(added.Body, JsonNode.Parse(added.Json ?? throw new Xunit.Sdk.XunitException("no shared JSON"))));
    }

    [Fact]
    public async Task Watch_CompactedResourceVersion_EndsWith410Expired()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance, window: 1);
        for (var i = 0; i < 5; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i}"), WriteOptions.None, Ct);
        }

        await f.Store.CompactAsync(f.Store.CurrentRevision, Ct);
        await using var events = Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, "2"));
        var error = await events.NextAsync();

        Assert.Equal("ERROR", error.Type);
        Assert.Equal(410, error.Body["code"]!.GetValue<int>());
        Assert.Equal("Expired", error.Body["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version: 2 (", error.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WatcherTooFarBehind_EndsWithoutErrorAndResumesFromItsLastResourceVersion()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance, window: 1, subscriberCapacity: 2);
        var rv = f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A consumer that takes nothing while 20 writes land: its queue (2) overflows and the cache cuts it off.
        var output = Channel.CreateBounded<ApiWatchEvent>(1);
        var run = new ResourceWatch(f.Registry, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, rv)).RunAsync(output.Writer, Ct);
        for (var i = 0; i < 20; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i:D2}"), WriteOptions.None, Ct);
        }

        var first = await ReadToEndAsync(output.Reader);
        await run;

        Assert.InRange(first.Count, 1, 19);
        Assert.DoesNotContain(first, e => e.Type == "ERROR");

        // Watching again from the last resourceVersion received brings exactly the rest, from the store's history.
        await using var resumed = Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, ObjectMeta.ResourceVersion(first[^1].Body)));
        var rest = new List<ApiWatchEvent>();
        for (var i = first.Count; i < 20; i++)
        {
            rest.Add(await resumed.NextAsync());
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"c{i:D2}"), first.Concat(rest).Select(e => ObjectMeta.Name(e.Body)));
    }

    private static async Task<List<ApiWatchEvent>> ReadToEndAsync(ChannelReader<ApiWatchEvent> reader)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var events = new List<ApiWatchEvent>();
        await foreach (var e in reader.ReadAllAsync(timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task Watch_ManyWatchersOneCache_EachSeesEveryWrite()
    {
        await using var f = await Registry.ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await using var caches = new WatchCaches(f.Store, NullLoggerFactory.Instance);
        var rv = f.Store.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var watchers = Enumerable.Range(0, 50).Select(_ => Start(f, caches, new WatchRequest(Resources.ConfigMaps, "ns1", ObjectFilter.Everything, rv))).ToList();

        for (var i = 0; i < 10; i++)
        {
            await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap($"c{i}"), WriteOptions.None, Ct);
        }

        foreach (var w in watchers)
        {
            var names = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                names.Add(ObjectMeta.Name((await w.NextAsync()).Body)!);
            }

            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"c{i}"), names);
            await w.DisposeAsync();
        }
    }

    private static RunningWatch Start(StoreFixture f, WatchCaches caches, WatchRequest request) =>
        new(new ResourceWatch(f.Registry, caches, request));

    private sealed class RunningWatch : IAsyncDisposable
    {
        private readonly Channel<ApiWatchEvent> _channel = Channel.CreateUnbounded<ApiWatchEvent>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningWatch(ResourceWatch watch) => _run = watch.RunAsync(_channel.Writer, _stop.Token);

        public async Task<ApiWatchEvent> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            return await _channel.Reader.ReadAsync(timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}
