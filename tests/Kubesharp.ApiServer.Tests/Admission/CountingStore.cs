using System.Collections.Concurrent;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Tests.Admission;

/// <summary>A real store that counts the listings made of each prefix, to see which reads reach the store.</summary>
internal sealed class CountingStore(IStore inner) : IStore
{
    private readonly ConcurrentDictionary<string, int> _lists = new(StringComparer.Ordinal);

    public long CurrentRevision => inner.CurrentRevision;

    /// <summary>Listings of <paramref name="prefix"/> or anything under it (one namespace's collection).</summary>
    public int Lists(string prefix) => _lists.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(p => p.Value);

    public ValueTask<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public ValueTask<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken = default)
    {
        _lists.AddOrUpdate(request.Prefix, 1, (_, n) => n + 1);
        return inner.ListAsync(request, cancellationToken);
    }

    public ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public ValueTask<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, ttl, cancellationToken);

    public ValueTask<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedModRevision, ttl, cancellationToken);

    public ValueTask<DeleteResult> DeleteAsync(string key, long? expectedModRevision = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, fromRevision, cancellationToken);

    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the fixture owns the real store
}
