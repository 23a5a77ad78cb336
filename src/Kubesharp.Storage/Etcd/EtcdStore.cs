using System.Collections.Concurrent;
using Grpc.Core;
using Kubesharp.Storage.Etcd.Protos;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// <see cref="IStore"/> on a real etcd v3 cluster over gRPC. Reads and watches map one to one
/// onto etcd; writes are single Txns guarded by the key's revisions (see <see cref="EtcdWriter"/>);
/// failover between members is <see cref="EtcdCluster"/>'s job.
/// </summary>
internal sealed class EtcdStore : IStore
{
    private readonly EtcdStoreOptions _options;
    private readonly EtcdCluster _cluster;
    private readonly EtcdWriter _writer;
    private readonly ILogger<EtcdStore> _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<Task, byte> _watchers = new();
    private readonly Task _compactor;
    private int _disposed;

    private EtcdStore(EtcdStoreOptions options, EtcdCluster cluster, ILogger<EtcdStore> logger)
    {
        _options = options;
        _cluster = cluster;
        _logger = logger;
        _writer = new EtcdWriter(cluster, logger);
        _compactor = options.CompactInterval > TimeSpan.Zero
            ? new EtcdCompactor(this, options.CompactInterval, options.CompactKeepDuration, logger).RunAsync(_closing.Token)
            : Task.CompletedTask;
    }

    public long CurrentRevision => _cluster.Revision;

    /// <summary>The member calls go to now (diagnostics, and failover tests that must kill it).</summary>
    internal Uri CurrentEndpoint => _cluster.Current.Endpoint;

    public static async Task<IStore> ConnectAsync(EtcdStoreOptions options, ILogger<EtcdStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var cluster = new EtcdCluster(options, logger);
        try
        {
            // One read proves a member answers and seeds CurrentRevision.
            var (status, _) = await cluster.CallAsync(
                (m, o) => m.Kv.RangeAsync(new RangeRequest { Key = EtcdConvert.Bytes("/"), CountOnly = true }, o).ResponseAsync,
                cancellationToken).ConfigureAwait(false);
            cluster.Observe(status.Header.Revision);
            EtcdLog.Connected(logger, cluster.Current.Endpoint, status.Header.Revision);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return new EtcdStore(options, cluster, logger);
    }

    public async ValueTask<Storage.KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        ThrowIfDisposed();
        var response = await RangeAsync(new RangeRequest { Key = EtcdConvert.Bytes(key) }, 0, cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : EtcdConvert.ToKeyValue(response.Kvs[0]);
    }

    public async ValueTask<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.ValidatePrefix(request.Prefix, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, nameof(request));
        ThrowIfDisposed();

        var revision = request.Revision;
        var start = request.Prefix;
        if (request.Continue is { } token)
        {
            var decoded = ContinueToken.Decode(token, request.Prefix);
            revision = decoded.Revision;

            // The smallest key after the last one returned: etcd ranges are [key, range_end).
            start = decoded.LastKey + "\0";
        }

        var range = new RangeRequest
        {
            Key = EtcdConvert.Bytes(start),
            RangeEnd = EtcdConvert.RangeEnd(request.Prefix),
            Limit = request.Limit,
            Revision = revision,
        };
        var response = await RangeAsync(range, revision, cancellationToken).ConfigureAwait(false);

        var items = new List<Storage.KeyValue>(response.Kvs.Count);
        foreach (var kv in response.Kvs)
        {
            items.Add(EtcdConvert.ToKeyValue(kv));
        }

        // Later pages must read the first page's snapshot, so the token carries its revision.
        var pinned = revision > 0 ? revision : response.Header.Revision;
        var remaining = Math.Max(0, response.Count - items.Count);
        var next = response.More && items.Count > 0 ? new ContinueToken(pinned, items[^1].Key).Encode() : null;
        return new ListResult(items, pinned, next, next is null ? 0 : remaining);
    }

    public async ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidatePrefix(prefix);
        ThrowIfDisposed();
        var range = new RangeRequest { Key = EtcdConvert.Bytes(prefix), RangeEnd = EtcdConvert.RangeEnd(prefix), CountOnly = true };
        var response = await RangeAsync(range, 0, cancellationToken).ConfigureAwait(false);
        return response.Count;
    }

    public ValueTask<Storage.KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        ValidateValue(value);
        ValidateTtl(ttl);
        ThrowIfDisposed();
        // Our own copy: the returned KeyValue and the ambiguous-write check outlive the caller's buffer.
        return _writer.CreateAsync(key, value.ToArray(), ttl, cancellationToken);
    }

    public ValueTask<Storage.KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        ValidateValue(value);
        ValidateTtl(ttl);
        ThrowIfDisposed();
        return _writer.UpdateAsync(key, value.ToArray(), expectedModRevision, ttl, cancellationToken);
    }

    public ValueTask<DeleteResult> DeleteAsync(string key, long? expectedModRevision = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidateKey(key);
        ThrowIfDisposed();
        return _writer.DeleteAsync(key, expectedModRevision, cancellationToken);
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken = default)
    {
        StoreKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ThrowIfDisposed();

        // "From now on" is fixed at the call, not at the first MoveNext: every write this store
        // returned before the call is at or below Revision, everything after it is delivered.
        var start = fromRevision > 0 ? fromRevision : _cluster.Revision + 1;
        return new EtcdWatchStream(_cluster, prefix, start, fromRevision == 0, _options.WatchBufferSize, _watchers, _logger, cancellationToken, _closing.Token);
    }

    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        ThrowIfDisposed();
        try
        {
            var (response, _) = await _cluster.CallAsync(
                (m, o) => m.Kv.CompactAsync(new CompactionRequest { Revision = revision }, o).ResponseAsync,
                cancellationToken).ConfigureAwait(false);
            _cluster.Observe(response.Header.Revision);
            EtcdLog.Compacted(_logger, revision);
        }
        catch (RpcException error) when (EtcdErrors.IsCompacted(error))
        {
            // Already compacted at or past this revision (by us, a peer or the background
            // compactor): the history the caller wanted gone is gone.
        }
        catch (RpcException error) when (EtcdErrors.IsFutureRevision(error))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, $"Revision {revision} is newer than the store ({_cluster.Revision}).");
        }
        catch (RpcException error)
        {
            throw EtcdErrors.Failed(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll([_compactor, .. _watchers.Keys]).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _cluster.Dispose();
        _closing.Dispose();
    }

    private async Task<RangeResponse> RangeAsync(RangeRequest range, long revision, CancellationToken cancellationToken)
    {
        try
        {
            var (response, _) = await _cluster.CallAsync((m, o) => m.Kv.RangeAsync(range, o).ResponseAsync, cancellationToken).ConfigureAwait(false);
            _cluster.Observe(response.Header.Revision);
            return response;
        }
        catch (RpcException error) when (EtcdErrors.IsCompacted(error))
        {
            var compactRevision = await EtcdHistory.CompactRevisionAsync(_cluster, revision + 1, cancellationToken).ConfigureAwait(false);
            throw EtcdErrors.Compacted(revision, compactRevision, error);
        }
        catch (RpcException error) when (EtcdErrors.IsFutureRevision(error))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, $"Revision {revision} is newer than the store ({_cluster.Revision}).");
        }
        catch (RpcException error)
        {
            throw EtcdErrors.Failed(error);
        }
    }

    private static void ValidateValue(ReadOnlyMemory<byte> value)
    {
        // An empty value is what a missing (null) body turns into; nothing stores one on purpose.
        if (value.IsEmpty)
        {
            throw new ArgumentException("The value is empty; a stored object always has content.", nameof(value));
        }
    }

    private static void ValidateTtl(TimeSpan? ttl)
    {
        if (ttl is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), t, "A TTL must be positive; pass null for a key that never expires.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
