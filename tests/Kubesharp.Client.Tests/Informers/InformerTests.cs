using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;

namespace Kubesharp.Client.Tests.Informers;

public sealed class InformerTests : IAsyncDisposable
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.All.Single(r => r.Plural == "configmaps");
    private static readonly ResourceType Pods = BuiltInResources.All.Single(r => r.Plural == "pods");
    private readonly FakeApiServer _server = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly ConcurrentQueue<string> _events = new();
    private IInformer? _informer;
    private Task? _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _informer?.Dispose();
        _stop.Dispose();
    }

    private static JsonObject ConfigMap(string ns, string name, string value = "1") => new()
    {
        ["kind"] = "ConfigMap",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["v"] = value },
    };

    private async Task<IInformer> StartAsync(InformerOptions? options = null)
    {
        _informer = InformerFactory.Create(ApiClients.Create(_server), options ?? new InformerOptions(ConfigMaps)
        {
            PageSize = 2,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        });
        _informer.AddHandler(new InformerHandler
        {
            OnAdd = o => _events.Enqueue($"add {ObjectKeys.Key(o)} {o["data"]?["v"]}"),
            OnUpdate = (old, n) => _events.Enqueue($"update {ObjectKeys.Key(n)} {old["data"]?["v"]}->{n["data"]?["v"]}"),
            OnDelete = o => _events.Enqueue($"delete {ObjectKeys.Key(o)}"),
        });
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return _informer;
    }

    private Task WaitForEventsAsync(int count) => Eventually.TrueAsync(() => _events.Count >= count, $"{count} events, have [{string.Join(", ", _events)}]");

    [Fact]
    public async Task RunAsync_PagedList_FillsCacheAndSyncsAfterInitialAdds()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Put("configmaps", ConfigMap("a", $"cm{i}"));
        }

        var informer = await StartAsync();

        Assert.True(informer.HasSynced);
        Assert.Equal(3, _server.ListCalls); // 2 + 2 + 1 with PageSize 2
        Assert.Equal(5, informer.Store.Count);
        Assert.Equal(5, _events.Count); // adds were delivered before sync completed
        Assert.Equal("ConfigMap", informer.Store.Get("a/cm0")!["kind"]!.GetValue<string>());
        Assert.Equal(_server.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task Watch_AddUpdateDelete_DeliveredInOrderAndCached()
    {
        var informer = await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");

        _server.Put("configmaps", ConfigMap("a", "x", "1"));
        _server.Put("configmaps", ConfigMap("a", "x", "2"));
        _server.Put("configmaps", ConfigMap("b", "y", "1"));
        _server.Remove("configmaps", "a", "x");
        await WaitForEventsAsync(4);

        Assert.Equal(["add a/x 1", "update a/x 1->2", "add b/y 1", "delete a/x"], _events);
        Assert.Null(informer.Store.Get("a/x"));
        Assert.NotNull(informer.Store.Get("b/y"));
        Assert.Equal(1, _server.ListCalls);
        Assert.Equal(_server.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task Watch_StartsFromListResourceVersion()
    {
        _server.Put("configmaps", ConfigMap("a", "x"));
        await StartAsync();
        await Eventually.TrueAsync(() => _server.WatchResourceVersions.Count == 1, "the watch");
        Assert.Equal(_server.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), _server.WatchResourceVersions[0]);
    }

    [Fact]
    public async Task Watch_Gone_RelistsAndReportsWhatChangedMeanwhile()
    {
        _server.Put("configmaps", ConfigMap("a", "keep", "1"));
        _server.Put("configmaps", ConfigMap("a", "old"));
        var informer = await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");
        _events.Clear();

        // Changes the informer's watch never sees, then the history is compacted away.
        _server.Suspended = true;
        _server.Remove("configmaps", "a", "old");
        _server.Put("configmaps", ConfigMap("a", "new"));
        _server.Put("configmaps", ConfigMap("a", "keep", "2"));
        _server.Compact();
        _server.Suspended = false;
        _server.FailWatches(410, "Expired");

        await WaitForEventsAsync(3);
        Assert.Equal(2, _server.ListCalls);
        Assert.Equal(["add a/new 1", "delete a/old", "update a/keep 1->2"], _events.Order(StringComparer.Ordinal));
        Assert.Equal(["a/keep", "a/new"], informer.Store.Keys().Order(StringComparer.Ordinal));
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "a new watch");
    }

    [Fact]
    public async Task Watch_ResumeFromCompactedVersion_GetsGoneAndRelists()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");
        _server.Suspended = true;
        _server.Put("configmaps", ConfigMap("a", "missed"));
        _server.Compact();
        _server.Suspended = false;
        _server.CloseWatches(); // clean end: the informer resumes from its version, which is now compacted

        await WaitForEventsAsync(1);
        Assert.Equal(["add a/missed 1"], _events);
        Assert.Equal(2, _server.ListCalls);
    }

    [Fact]
    public async Task Watch_CleanClose_ResumesWithoutRelist()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");
        _server.CloseWatches();
        await Eventually.TrueAsync(() => _server.WatchResourceVersions.Count == 2, "a second watch");
        _server.Put("configmaps", ConfigMap("a", "after"));
        await WaitForEventsAsync(1);
        Assert.Equal(1, _server.ListCalls);
    }

    [Fact]
    public async Task Watch_OtherError_RelistsAfterBackoff()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");
        _server.FailWatches(500, "InternalError");
        await Eventually.TrueAsync(() => _server.ListCalls == 2 && _server.OpenWatches == 1, "relist and rewatch");
    }

    [Fact]
    public async Task Watch_Bookmark_AdvancesResourceVersionAndResumesFromIt()
    {
        var informer = await StartAsync();
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");

        // Another namespace's churn is invisible to a namespaced informer; bookmarks still move it forward.
        _server.Put("configmaps", ConfigMap("b", "elsewhere"));
        var scoped = InformerFactory.Create(ApiClients.Create(_server), new InformerOptions(ConfigMaps, "a"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var run = scoped.RunAsync(stop.Token);
        await scoped.WaitForSyncAsync(stop.Token);
        await Eventually.TrueAsync(() => _server.OpenWatches == 2, "the scoped watch");
        _server.Put("configmaps", ConfigMap("b", "elsewhere2"));
        var before = scoped.LastSyncResourceVersion;
        _server.Bookmark();
        var expected = _server.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(() => scoped.LastSyncResourceVersion == expected, "the bookmark");
        Assert.NotEqual(before, expected);
        Assert.Equal(0, scoped.Store.Count);

        _server.CloseWatches();
        await Eventually.TrueAsync(() => _server.WatchResourceVersions.Contains(expected), "a watch from the bookmark");
        await stop.CancelAsync();
        await run;
        scoped.Dispose();
        Assert.NotNull(informer.Store.Get("b/elsewhere2")); // the all-namespaces informer saw it
    }

    [Fact]
    public async Task Resync_RedeliversCachedObjectsAsUpdates()
    {
        _server.Put("configmaps", ConfigMap("a", "x"));
        var time = new FakeTimeProvider();
        _informer = InformerFactory.Create(ApiClients.Create(_server), new InformerOptions(ConfigMaps) { ResyncPeriod = TimeSpan.FromMinutes(1) }, time: time);
        _informer.AddHandler(new InformerHandler { OnUpdate = (o, n) => _events.Enqueue($"resync {ObjectKeys.Key(n)} same={ReferenceEquals(o, n)}") });
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(TestContext.Current.CancellationToken);

        // The resync loop may not have armed its timer yet; keep advancing until it fires.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return !_events.IsEmpty;
        }, "a resync");
        Assert.StartsWith("resync a/x same=True", _events.First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indexers_FindByNamespaceOwnerAndNode()
    {
        JsonObject Pod(string ns, string name, string node, string owner) => new()
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["uid"] = owner, ["kind"] = "ReplicaSet", ["name"] = "rs" }),
            },
            ["spec"] = new JsonObject { ["nodeName"] = node },
        };
        _server.Put("pods", Pod("a", "p1", "n1", "rs-1"));
        _server.Put("pods", Pod("a", "p2", "n2", "rs-1"));
        _server.Put("pods", Pod("b", "p3", "n1", "rs-2"));
        var informer = await StartAsync(new InformerOptions(Pods)
        {
            Indexers = new Dictionary<string, IndexFunc>(Indexers.Standard) { ["first-letter"] = o => [ObjectKeys.Name(o)![..1]] },
        });
        await Eventually.TrueAsync(() => _server.OpenWatches == 1, "the watch");

        Assert.Equal(2, informer.Store.ByIndex(Indexers.ByNamespace, "a").Count);
        Assert.Equal(2, informer.Store.ByIndex(Indexers.ByOwnerUid, "rs-1").Count);
        Assert.Equal(["p1", "p3"], informer.Store.ByIndex(Indexers.ByNodeName, "n1").Select(o => ObjectKeys.Name(o)!).Order(StringComparer.Ordinal));
        Assert.Equal(3, informer.Store.ByIndex("first-letter", "p").Count);

        // Moving a pod re-indexes it; deleting drops it from every index.
        _server.Put("pods", Pod("a", "p1", "n2", "rs-1"));
        _server.Remove("pods", "a", "p2");
        await Eventually.TrueAsync(() => informer.Store.ByIndex(Indexers.ByNodeName, "n2").Count == 1 && informer.Store.Count == 2, "re-indexing");
        Assert.Single(informer.Store.ByIndex(Indexers.ByNodeName, "n1"));
        Assert.Single(informer.Store.ByIndex(Indexers.ByOwnerUid, "rs-1"));
        Assert.Throws<KeyNotFoundException>(() => informer.Store.ByIndex("nope", "x"));
    }

    [Fact]
    public async Task Handlers_SlowHandler_BackpressuresWithoutLosingOrder()
    {
        var gate = new SemaphoreSlim(0);
        var seen = new ConcurrentQueue<string>();
        _informer = InformerFactory.Create(ApiClients.Create(_server), new InformerOptions(ConfigMaps) { HandlerQueueCapacity = 2 });
        _informer.AddHandler(new InformerHandler
        {
            OnAdd = o =>
            {
                gate.Wait(TestContext.Current.CancellationToken);
                seen.Enqueue(ObjectKeys.Name(o)!);
            },
        });
        _informer.AddHandler(new InformerHandler { OnAdd = _ => throw new InvalidOperationException("a faulty handler") });
        _run = _informer.RunAsync(_stop.Token);
        gate.Release(); // nothing to add yet; the permit is used by the first event
        await Eventually.TrueAsync(() => _server.OpenWatches == 1 && _informer.HasSynced, "sync and watch");

        for (var i = 0; i < 20; i++)
        {
            _server.Put("configmaps", ConfigMap("a", $"c{i:D2}"));
        }

        gate.Release(19);
        await Eventually.TrueAsync(() => seen.Count == 20, "all events");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"c{i:D2}"), seen);
        Assert.Throws<InvalidOperationException>(() => _informer.AddHandler(new InformerHandler()));
    }
}
