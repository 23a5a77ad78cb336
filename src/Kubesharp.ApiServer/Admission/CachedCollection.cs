using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// Every stored value under one prefix, kept current by a list then a store watch (an informer's
/// store, inside the API server). Writes this server makes are applied at once as well, so a
/// create that follows them sees them; the watch brings other servers' writes, as an informer
/// would upstream. Per key the newest revision wins, so a late watch event never undoes a newer
/// write. Not usable (callers read the store) until the first list is in, after the watch ended,
/// or past <see cref="MaxItems"/> values.
/// </summary>
internal sealed class CachedCollection
{
    /// <summary>More values than this and the collection stops caching: admission reads the store instead.</summary>
    public const int MaxItems = 10_000;

    private readonly IStore _store;
    private readonly string _prefix;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, KeyValue> _items = new(StringComparer.Ordinal);

    // Deletions written through before the watch reached them: key → deletion revision.
    private readonly Dictionary<string, long> _deleted = new(StringComparer.Ordinal);
    // The revision the listing and watch have brought the collection to: a write-through at or
    // below it is already reflected (or superseded) and must not be applied again.
    private long _watchRevision;
    private bool _synced;
    private bool _ended;
    private long _endedAt;

    public CachedCollection(IStore store, string prefix)
    {
        _store = store;
        _prefix = prefix;
        Pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    /// <summary>The list-and-watch loop; it ends when the store watch does (the owner then starts another).</summary>
    public Task Pump { get; }

    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Environment.TickCount64 when the watch ended (0 while it runs).</summary>
    public long EndedAt
    {
        get
        {
            lock (_gate)
            {
                return _endedAt;
            }
        }
    }

    /// <summary>The values under <paramref name="prefix"/> (within this collection's), or null when not usable now.</summary>
    public IReadOnlyList<KeyValue>? TryList(string prefix)
    {
        lock (_gate)
        {
            if (!_synced || _ended)
            {
                return null;
            }

            return [.. _items.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value)];
        }
    }

    /// <summary>Whether the collection can answer; <paramref name="value"/> is the key's value or null when absent.</summary>
    public bool TryGet(string key, out KeyValue? value)
    {
        lock (_gate)
        {
            value = _items.GetValueOrDefault(key);
            return _synced && !_ended;
        }
    }

    /// <summary>A value this server just wrote (create or update).</summary>
    public void Written(KeyValue kv)
    {
        lock (_gate)
        {
            if (kv.ModRevision > _watchRevision)
            {
                Put(kv);
            }
        }
    }

    /// <summary>A key this server just deleted, at <paramref name="revision"/>.</summary>
    public void Deleted(string key, long revision)
    {
        lock (_gate)
        {
            if (revision <= _watchRevision)
            {
                return;
            }

            Remove(key, revision);
            _deleted[key] = Math.Max(revision, _deleted.GetValueOrDefault(key));
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            var revision = await ListAsync();
            await foreach (var e in _store.WatchAsync(_prefix, revision + 1, CancellationToken.None))
            {
                lock (_gate)
                {
                    if (e.Type == WatchEventType.Deleted)
                    {
                        Remove(e.Current.Key, e.Revision);
                    }
                    else
                    {
                        Put(e.Current);
                    }

                    _watchRevision = Math.Max(_watchRevision, e.Revision);
                    // The watch has passed these deletions: no older event of theirs can come any more.
                    foreach (var key in _deleted.Where(d => d.Value <= e.Revision).Select(d => d.Key).ToList())
                    {
                        _deleted.Remove(key);
                    }
                }
            }
        }
        catch (Exception e) when (e is StoreException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // Compacted, too slow, too many values, store gone: the owner starts a fresh collection later.
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                _endedAt = Environment.TickCount64;
            }
        }
    }

    /// <summary>Fills the collection from a consistent listing; returns the revision it was read at.</summary>
    private async Task<long> ListAsync()
    {
        var listed = new List<KeyValue>();
        string? next = null;
        long revision = 0;
        do
        {
            var page = await _store.ListAsync(new ListRequest(_prefix, 500, next), CancellationToken.None);
            revision = page.Revision;
            listed.AddRange(page.Items);
            next = page.Continue;
            if (listed.Count > MaxItems)
            {
                throw new InvalidOperationException($"more than {MaxItems} values under {_prefix}: not cached");
            }
        }
        while (next is not null);

        lock (_gate)
        {
            foreach (var kv in listed)
            {
                Put(kv);
            }

            // What was cached before the listing but is not in it was deleted, unless written after it.
            var keys = listed.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var key in _items.Keys.Where(k => !keys.Contains(k) && _items[k].ModRevision <= revision).ToList())
            {
                _items.Remove(key);
            }

            _synced = true;
            _watchRevision = Math.Max(_watchRevision, revision);
        }

        return revision;
    }

    private void Put(KeyValue kv)
    {
        if (_deleted.TryGetValue(kv.Key, out var deletedAt) && deletedAt >= kv.ModRevision)
        {
            return;
        }

        if (!_items.TryGetValue(kv.Key, out var existing) || existing.ModRevision < kv.ModRevision)
        {
            _items[kv.Key] = kv;
        }
    }

    private void Remove(string key, long revision)
    {
        if (_items.TryGetValue(key, out var existing) && existing.ModRevision < revision)
        {
            _items.Remove(key);
        }
    }
}
