using Grpc.Core;
using Kubesharp.Storage.Etcd.Protos;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// Create, update and delete, each one etcd Txn whose compare guards its own effect. That guard
/// is what makes failover safe for writes: when a response is lost (the member died after the
/// leader may have applied the Txn) the same Txn is resent to another member, and it cannot
/// apply twice. If the resent Txn then fails its guard, the failure may be the lost attempt's
/// own success, so the key's history decides: the first change after the expected revision is
/// ours when it is exactly what we wrote (same bytes, same lease). A write that cannot be
/// resolved that way (history compacted meanwhile) ends in <see cref="StoreErrorCode.Unavailable"/>
/// saying the outcome is unknown, never in a false success or a false conflict.
/// </summary>
internal sealed class EtcdWriter
{
    private const int MaxUnconditionalDeleteAttempts = 16;

    private readonly EtcdCluster _cluster;
    private readonly ILogger _logger;

    public EtcdWriter(EtcdCluster cluster, ILogger logger)
    {
        _cluster = cluster;
        _logger = logger;
    }

    public async ValueTask<Storage.KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var lease = ttl is { } t ? await GrantAsync(t, cancellationToken).ConfigureAwait(false) : 0;
        var before = _cluster.Revision;
        var txn = new TxnRequest();
        txn.Compare.Add(EtcdConvert.Absent(key));
        txn.Success.Add(EtcdConvert.Put(key, value, lease));
        txn.Failure.Add(EtcdConvert.Get(key));
        var (response, mayHaveApplied) = await TxnAsync(txn, cancellationToken).ConfigureAwait(false);
        var revision = response.Header.Revision;
        if (response.Succeeded)
        {
            return new Storage.KeyValue(key, value, revision, revision);
        }

        var existing = FirstKv(response);
        if (mayHaveApplied && existing is not null && existing.CreateRevision > before)
        {
            // The key was created after we started: is its first version our lost write?
            var creation = await EtcdHistory.FirstChangeAfterAsync(_cluster, key, existing.CreateRevision - 1, cancellationToken).ConfigureAwait(false);
            if (creation is null)
            {
                throw Unresolved(key);
            }

            if (IsOurPut(creation, value, lease))
            {
                EtcdLog.AmbiguousWrite(_logger, key, "created");
                return new Storage.KeyValue(key, value, creation.Kv.CreateRevision, creation.Kv.ModRevision);
            }
        }

        await RevokeQuietlyAsync(lease, cancellationToken).ConfigureAwait(false);
        throw new StoreException(StoreErrorCode.KeyExists, $"The key '{key}' already exists.", key)
        {
            Current = existing is null ? null : EtcdConvert.ToKeyValue(existing),
        };
    }

    public async ValueTask<Storage.KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var lease = ttl is { } t ? await GrantAsync(t, cancellationToken).ConfigureAwait(false) : 0;
        var txn = new TxnRequest();
        txn.Compare.Add(EtcdConvert.Exists(key));
        txn.Compare.Add(EtcdConvert.ModRevisionIs(key, expectedModRevision));
        var put = EtcdConvert.Put(key, value, lease);
        put.RequestPut.PrevKv = true;
        txn.Success.Add(put);
        txn.Failure.Add(EtcdConvert.Get(key));
        var (response, mayHaveApplied) = await TxnAsync(txn, cancellationToken).ConfigureAwait(false);
        var revision = response.Header.Revision;
        if (response.Succeeded)
        {
            var previous = response.Responses[0].ResponsePut.PrevKv;
            return new Storage.KeyValue(key, value, previous?.CreateRevision ?? revision, revision);
        }

        var current = FirstKv(response);
        if (mayHaveApplied && expectedModRevision > 0 && (current is null || current.ModRevision > expectedModRevision))
        {
            var change = await EtcdHistory.FirstChangeAfterAsync(_cluster, key, expectedModRevision, cancellationToken).ConfigureAwait(false);
            if (change is null)
            {
                throw Unresolved(key);
            }

            if (IsOurPut(change, value, lease) && change.PrevKv?.ModRevision == expectedModRevision)
            {
                EtcdLog.AmbiguousWrite(_logger, key, "updated");
                return EtcdConvert.ToKeyValue(change.Kv);
            }
        }

        await RevokeQuietlyAsync(lease, cancellationToken).ConfigureAwait(false);
        throw Mismatch(key, expectedModRevision, current);
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long? expectedModRevision, CancellationToken cancellationToken)
    {
        if (expectedModRevision is { } expected)
        {
            return await GuardedDeleteAsync(key, expected, cancellationToken).ConfigureAwait(false);
        }

        // An unconditional delete is still sent guarded by the revision just read, so that a
        // lost response can be resolved like the other writes; a concurrent change only makes
        // us read again.
        for (var attempt = 0; ; attempt++)
        {
            var (range, _) = await _cluster.CallAsync(
                (m, o) => m.Kv.RangeAsync(new RangeRequest { Key = EtcdConvert.Bytes(key) }, o).ResponseAsync,
                cancellationToken).ConfigureAwait(false);
            _cluster.Observe(range.Header.Revision);
            if (range.Kvs.Count == 0)
            {
                throw new StoreException(StoreErrorCode.KeyNotFound, $"The key '{key}' does not exist.", key);
            }

            try
            {
                return await GuardedDeleteAsync(key, range.Kvs[0].ModRevision, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Conflict && attempt < MaxUnconditionalDeleteAttempts)
            {
            }
        }
    }

    private async ValueTask<DeleteResult> GuardedDeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(EtcdConvert.ModRevisionIs(key, expectedModRevision));
        txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = EtcdConvert.Bytes(key), PrevKv = true } });
        txn.Failure.Add(EtcdConvert.Get(key));
        var (response, mayHaveApplied) = await TxnAsync(txn, cancellationToken).ConfigureAwait(false);
        var revision = response.Header.Revision;
        if (response.Succeeded && response.Responses[0].ResponseDeleteRange.PrevKvs is [var deleted, ..])
        {
            return new DeleteResult(revision, new Storage.KeyValue(key, deleted.Value.Memory, deleted.CreateRevision, revision));
        }

        var current = FirstKv(response);
        if (mayHaveApplied && expectedModRevision > 0 && (current is null || current.ModRevision > expectedModRevision))
        {
            var change = await EtcdHistory.FirstChangeAfterAsync(_cluster, key, expectedModRevision, cancellationToken).ConfigureAwait(false);
            if (change is null)
            {
                throw Unresolved(key);
            }

            if (change.Type == Event.Types.EventType.Delete && change.PrevKv is { } prev)
            {
                EtcdLog.AmbiguousWrite(_logger, key, "deleted");
                var at = change.Kv.ModRevision;
                return new DeleteResult(at, new Storage.KeyValue(key, prev.Value.Memory, prev.CreateRevision, at));
            }
        }

        throw Mismatch(key, expectedModRevision, current);
    }

    private async Task<EtcdCallResult<TxnResponse>> TxnAsync(TxnRequest txn, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _cluster.CallAsync((m, o) => m.Kv.TxnAsync(txn, o).ResponseAsync, cancellationToken).ConfigureAwait(false);
            _cluster.Observe(result.Response.Header.Revision);
            return result;
        }
        catch (RpcException error)
        {
            throw EtcdErrors.Failed(error);
        }
    }

    /// <summary>
    /// One lease per written key, so a key's expiry never depends on another key's writes.
    /// etcd keeps leases at whole seconds and raises very short ones to its minimum (1.5 ×
    /// the election timeout, 2 s with default settings): a TTL is a lower bound on the key's life.
    /// </summary>
    private async Task<long> GrantAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds));

        // A lost grant resent elsewhere leaves at most one unused lease, which expires by itself.
        var (response, _) = await _cluster.CallAsync(
            (m, o) => m.Lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, o).ResponseAsync,
            cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new StoreException(StoreErrorCode.Unavailable, $"etcd refused a {seconds}s lease: {response.Error}");
        }

        _cluster.Observe(response.Header.Revision);
        if (response.TTL > seconds)
        {
            EtcdLog.LeaseLonger(_logger, response.TTL, seconds);
        }

        return response.ID;
    }

    private async Task RevokeQuietlyAsync(long lease, CancellationToken cancellationToken)
    {
        if (lease == 0)
        {
            return;
        }

        try
        {
            await _cluster.Current.Lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, _cluster.Options(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The unused lease expires on its own; failing the caller for it would be wrong.
        }
    }

    private static bool IsOurPut(Event change, ReadOnlyMemory<byte> value, long lease)
        => change.Type == Event.Types.EventType.Put
           && change.Kv.Lease == lease
           && change.Kv.Value.Span.SequenceEqual(value.Span);

    private static Protos.KeyValue? FirstKv(TxnResponse response)
        => response.Responses is [{ ResponseRange.Kvs: [var kv, ..] }, ..] ? kv : null;

    private static StoreException Mismatch(string key, long expectedModRevision, Protos.KeyValue? current)
        => current is null
            ? new StoreException(StoreErrorCode.KeyNotFound, $"The key '{key}' does not exist.", key)
            : new StoreException(
                StoreErrorCode.Conflict,
                $"The key '{key}' was modified at revision {current.ModRevision}, not {expectedModRevision} as expected.",
                key)
            {
                Current = EtcdConvert.ToKeyValue(current),
            };

    private static StoreException Unresolved(string key)
        => new(
            StoreErrorCode.Unavailable,
            $"The write to '{key}' lost its response when an etcd member failed, and its outcome could not be read back; read the key to find out.",
            key);
}
