using System.Text;

namespace Kubesharp.Storage.Tests.Conformance;

/// <summary>
/// The storage contract, run against every backend. Each test works under its own prefix so a
/// backend may share one server (etcd) between tests. The tests are split by theme into partial
/// files (writes, listing, watching, bad input).
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    /// <summary>The watch buffer of the store every test gets.</summary>
    protected const int DefaultWatchBufferSize = 10_000;

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);
    private readonly List<IStore> _opened = [];
    private IStore? _store;

    protected IStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>A prefix no other test uses.</summary>
    protected string Prefix { get; } = $"/conformance/{Guid.NewGuid():N}/";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Opens a store on the backend under test. Every store one test opens must see the same data
    /// (the same file or the same etcd cluster); the test disposes them.
    /// </summary>
    protected abstract Task<IStore> OpenStoreAsync(int watchBufferSize);

    public async ValueTask InitializeAsync() => _store = await OpenAnotherStoreAsync(DefaultWatchBufferSize);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<IStore> OpenAnotherStoreAsync(int watchBufferSize)
    {
        var store = await OpenStoreAsync(watchBufferSize);
        _opened.Add(store);
        return store;
    }

    protected string K(string name) => Prefix + name;

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    /// <summary>Reads exactly <paramref name="count"/> events, failing if they do not arrive in time.</summary>
    protected static async Task<List<WatchEvent>> TakeAsync(IAsyncEnumerator<WatchEvent> watch, int count)
    {
        var events = new List<WatchEvent>(count);
        while (events.Count < count)
        {
            var next = watch.MoveNextAsync().AsTask();
            var finished = await Task.WhenAny(next, Task.Delay(EventTimeout, Ct));
            Assert.True(finished == next, $"Only {events.Count} of {count} watch events arrived within {EventTimeout.TotalSeconds} s.");
            Assert.True(await next, $"The watch ended after {events.Count} of {count} events.");
            events.Add(watch.Current);
        }

        return events;
    }

    /// <summary>Asserts that no event arrives within a short quiet period.</summary>
    protected static async Task AssertQuietAsync(IAsyncEnumerator<WatchEvent> watch, TimeSpan period)
    {
        var next = watch.MoveNextAsync().AsTask();
        var finished = await Task.WhenAny(next, Task.Delay(period, Ct));
        Assert.True(finished != next, finished == next && await next ? $"Unexpected event {watch.Current.Type} {watch.Current.Current.Key}." : "The watch ended.");
    }

    /// <summary>Writes key "a" three times (values 1, 2, 3) and compacts to the second write.</summary>
    protected async Task<(KeyValue Old, KeyValue Newer)> WriteThreeVersionsAndCompactToSecondAsync()
    {
        var old = await Store.CreateAsync(K("a"), V("1"), cancellationToken: Ct);
        var newer = await Store.UpdateAsync(K("a"), V("2"), old.ModRevision, cancellationToken: Ct);
        await Store.UpdateAsync(K("a"), V("3"), newer.ModRevision, cancellationToken: Ct);
        await Store.CompactAsync(newer.ModRevision, Ct);
        return (old, newer);
    }

    protected async Task<List<KeyValue>> ListAllAsync(string prefix, long pageSize = 0, long revision = 0)
    {
        var all = new List<KeyValue>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(new ListRequest(prefix, pageSize, token, token is null ? revision : 0), Ct);
            all.AddRange(page.Items);
            token = page.Continue;
        }
        while (token is not null);
        return all;
    }
}
