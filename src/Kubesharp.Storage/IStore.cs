namespace Kubesharp.Storage;

/// <summary>
/// A revisioned key/value store, shaped after what the API server needs from etcd.
/// One global revision increases by one with every write (create, update, delete,
/// expiry); every key records the revision that created it and the one that last
/// changed it. Keys are absolute paths ("/registry/pods/ns/name").
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The revision of the newest write this store has applied.</summary>
    long CurrentRevision { get; }

    /// <summary>The key's current value, or null when it does not exist.</summary>
    ValueTask<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keys under a prefix in key order, one page at a time. Every page of one listing is
    /// read at the same revision (the first page's), so a listing is a consistent snapshot
    /// while writes go on. Throws <see cref="StoreException"/> with
    /// <see cref="StoreErrorCode.Compacted"/> when that revision has been compacted.
    /// </summary>
    ValueTask<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken = default);

    /// <summary>How many keys exist under the prefix now.</summary>
    ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the key; <see cref="StoreErrorCode.KeyExists"/> if it already exists. The store keeps
    /// its own copy of <paramref name="value"/> (the returned KeyValue's Value, what watchers see), so
    /// the caller may reuse or return its buffer as soon as the call has completed.
    /// </summary>
    ValueTask<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value if the key's modRevision still equals <paramref name="expectedModRevision"/>;
    /// otherwise <see cref="StoreErrorCode.Conflict"/> (or <see cref="StoreErrorCode.KeyNotFound"/>).
    /// A null <paramref name="ttl"/> makes the key permanent, as a put without lease does in etcd.
    /// The value is copied as for <see cref="CreateAsync"/>.
    /// </summary>
    ValueTask<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the key and returns its last value; with <paramref name="expectedModRevision"/>
    /// only if it still matches. The returned value's ModRevision is the deletion's revision.
    /// </summary>
    ValueTask<DeleteResult> DeleteAsync(string key, long? expectedModRevision = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events under a prefix with revision &gt;= <paramref name="fromRevision"/> (0: only what
    /// happens from now on), first replayed from history, then live, in revision order.
    /// Ends with <see cref="StoreErrorCode.Compacted"/> when the revision is gone and with
    /// <see cref="StoreErrorCode.WatcherTooSlow"/> when the consumer falls too far behind:
    /// the caller must then list again.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken = default);

    /// <summary>Forgets history older than <paramref name="revision"/> (the state at that revision stays readable).</summary>
    ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default);
}
