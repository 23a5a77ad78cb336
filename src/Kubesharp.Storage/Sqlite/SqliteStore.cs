using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, written by a single
/// group committer and read through a pool of read-only connections.
/// </summary>
internal sealed class SqliteStore : IStore
{
    private const int ReplayChunk = 1_000;

    // Keys are valid UTF-8, which never contains 0xFF: this bound is above every key.
    private static readonly byte[] EndOfKeySpace = [0xFF];

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ReadConnectionPool _pool;
    private readonly SqliteReads _reads;
    private readonly WatchHub _hub;
    private readonly GroupCommitter _committer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _compactor;
    private readonly Task _sweeper;
    private int _disposed;

    private SqliteStore(SqliteStoreOptions options, Microsoft.Data.Sqlite.SqliteConnection writer, ILogger logger)
    {
        _options = options;
        _time = TimeProvider.System;
        _pool = new ReadConnectionPool(options.Path, Math.Max(4, Environment.ProcessorCount * 2));
        _reads = new SqliteReads(_pool);
        var (revision, _) = _reads.Meta();
        _hub = new WatchHub(revision);
        _committer = new GroupCommitter(writer, _hub, options.MaxWritesPerCommit, logger);
        _compactor = new BackgroundCompactor(_committer, options, _time, logger).RunAsync(_stopping.Token);
        _sweeper = new TtlSweeper(_reads, _committer, options, _time, logger).RunAsync(_stopping.Token);
        Writer = writer;
    }

    public long CurrentRevision => _committer.Revision;

    /// <summary>Transactions committed by this store object; shows how well writes are batched.</summary>
    internal long Commits => _committer.Commits;

    private Microsoft.Data.Sqlite.SqliteConnection Writer { get; }

    public static Task<IStore> OpenAsync(SqliteStoreOptions options, ILogger<SqliteStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var writer = SqliteSchema.OpenWriter(options.Path, out var initialized);
        try
        {
            if (initialized)
            {
                Log.Initialized(logger, options.Path);
            }

            var store = new SqliteStore(options, writer, logger);
            Log.Opened(logger, options.Path, store.CurrentRevision, store._committer.CompactRevision);
            return Task.FromResult<IStore>(store);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public ValueTask<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        return ValueTask.FromResult(_reads.Get(key, Encoding.UTF8.GetBytes(key), _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public ValueTask<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.ValidatePrefix(request.Prefix, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, nameof(request));
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();

        var prefixBytes = Encoding.UTF8.GetBytes(request.Prefix);
        var from = prefixBytes;
        var revision = request.Revision;
        if (request.Continue is { } text)
        {
            var token = ContinueToken.Decode(text, request.Prefix);
            revision = token.Revision;

            // Keys hold no NUL, so "last key + NUL" is the smallest key after the last one returned.
            var last = Encoding.UTF8.GetBytes(token.LastKey);
            from = new byte[last.Length + 1];
            last.CopyTo(from, 0);
        }

        return ValueTask.FromResult(_reads.List(request.Prefix, from, RangeEnd(prefixBytes), request.Limit, revision));
    }

    public ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        return ValueTask.FromResult(_reads.Count(prefixBytes, RangeEnd(prefixBytes)));
    }

    // Not async: the caller awaits the request itself (no state machine per layer). The value is
    // copied here, the only copy the store makes: it is what the returned KeyValue and watchers get.
    public ValueTask<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        StoreKeys.ValidateValue(value);
        var request = new WriteRequest(WriteKind.Create, key, Encoding.UTF8.GetBytes(key), value.ToArray(), null, ExpiresAt(ttl), cancellationToken);
        Submit(request, cancellationToken);
        return request.Written;
    }

    public ValueTask<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        StoreKeys.ValidateValue(value);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        var request = new WriteRequest(WriteKind.Update, key, Encoding.UTF8.GetBytes(key), value.ToArray(), expectedModRevision, ExpiresAt(ttl), cancellationToken);
        Submit(request, cancellationToken);
        return request.Written;
    }

    public ValueTask<DeleteResult> DeleteAsync(string key, long? expectedModRevision = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        if (expectedModRevision is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expected, nameof(expectedModRevision));
        }

        var request = new WriteRequest(WriteKind.Delete, key, Encoding.UTF8.GetBytes(key), null, expectedModRevision, null, cancellationToken);
        Submit(request, cancellationToken);
        return request.Deleted;
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ThrowIfDisposed();
        return new WatchStream(enumeratorCancellation =>
        {
            ThrowIfDisposed();
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumeratorCancellation);
            var watcher = _hub.Register(prefix, _options.WatchBufferSize, out var liveAfter);
            return new WatchEnumerator(cancellation, WatchCoreAsync(watcher, liveAfter, fromRevision, cancellation.Token), () => _hub.Unregister(watcher));
        });
    }

    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        if (revision > CurrentRevision)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, $"The store is only at revision {CurrentRevision}.");
        }

        ThrowIfDisposed();
        if (revision == 0)
        {
            return;
        }

        await _committer.CompactAsync(revision).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_compactor, _sweeper).ConfigureAwait(false);
        await _committer.DisposeAsync().ConfigureAwait(false);
        _hub.CompleteAll();
        _pool.Dispose();
        await Writer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static byte[] RangeEnd(byte[] prefix)
    {
        var end = StoreKeys.RangeEnd(prefix);
        return end is [0] ? EndOfKeySpace : end;
    }

    // The watcher is registered before this runs; replaying history up to the registration
    // revision then switching to the queue leaves neither gap nor duplicate, because whatever
    // commits after registration is already queued for us.
    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(Watcher watcher, long liveAfter, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var next = fromRevision == 0 ? liveAfter + 1 : fromRevision;
            if (next <= liveAfter)
            {
                var prefixBytes = Encoding.UTF8.GetBytes(watcher.Prefix);
                var end = RangeEnd(prefixBytes);
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = _reads.History(prefixBytes, end, next, liveAfter, ReplayChunk);
                    foreach (var change in chunk.Events)
                    {
                        yield return change;
                    }

                    next = chunk.NextRevision;
                }
                while (next <= liveAfter);
            }

            await foreach (var change in watcher.Queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (change.Revision >= next)
                {
                    yield return change;
                }
            }
        }
        finally
        {
            _hub.Unregister(watcher);
        }
    }

    private void Submit(WriteRequest request, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        _committer.Submit(request, cancellationToken);
    }

    private long? ExpiresAt(TimeSpan? ttl)
    {
        if (ttl is not { } span)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(ttl));
        return _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Math.Ceiling(span.TotalMilliseconds);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
