using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// The members of one etcd cluster and the failover between them. Calls stick to one member
/// (the "current" one) and move to the next only when it fails as a member (unreachable,
/// timed out, reset); errors etcd itself returns are the caller's business.
/// </summary>
internal sealed class EtcdCluster : IDisposable
{
    private readonly EtcdMember[] _members;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _logger;
    private int _current;
    private long _revision;

    public EtcdCluster(EtcdStoreOptions options, ILogger logger)
    {
        _members = [.. options.Endpoints.Select(e => new EtcdMember(e, options.RequestTimeout))];
        Endpoints = options.Endpoints;
        _requestTimeout = options.RequestTimeout;
        _logger = logger;
    }

    public IReadOnlyList<Uri> Endpoints { get; }

    public TimeSpan RequestTimeout => _requestTimeout;

    /// <summary>The member calls go to now.</summary>
    public EtcdMember Current => _members[Volatile.Read(ref _current)];

    /// <summary>The highest revision any response header has carried.</summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>
    /// How long a call keeps looking for a working member: long enough to try each member and
    /// to ride out a leader election (about one election timeout, 1 s by default).
    /// </summary>
    public TimeSpan FailoverBudget => _requestTimeout * Math.Max(2, _members.Length);

    public void Observe(long revision)
    {
        var seen = Interlocked.Read(ref _revision);
        while (revision > seen)
        {
            var previous = Interlocked.CompareExchange(ref _revision, revision, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Moves off <paramref name="failed"/> if it is still the current member.</summary>
    public void MarkFailed(EtcdMember failed, RpcException error)
    {
        var index = Array.IndexOf(_members, failed);
        var next = (index + 1) % _members.Length;
        if (Interlocked.CompareExchange(ref _current, next, index) == index)
        {
            EtcdLog.FailedOver(_logger, failed.Endpoint, error.StatusCode, error.Status.Detail, _members[next].Endpoint);
        }
    }

    public CallOptions Options(CancellationToken cancellationToken)
        => new(deadline: DateTime.UtcNow + _requestTimeout, cancellationToken: cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> on the current member, moving to the next one on member
    /// failures, until it succeeds, etcd answers with an error, or the failover budget is spent
    /// (then <see cref="StoreErrorCode.Unavailable"/>). A call is resent after a failure that
    /// may have reached the server, so callers pass only reads, idempotent calls and Txns whose
    /// compare guards their own effect (applied once, the same Txn then fails its guard); the
    /// result says when a failed guard may be the lost attempt's own doing.
    /// </summary>
    public async Task<EtcdCallResult<T>> CallAsync<T>(
        Func<EtcdMember, CallOptions, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mayHaveApplied = false;
        RpcException? last = null;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var member = Current;
            try
            {
                var response = await call(member, Options(cancellationToken)).ConfigureAwait(false);
                return new EtcdCallResult<T>(response, mayHaveApplied);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException error) when (EtcdErrors.IsMemberFailure(error))
            {
                last = error;
                mayHaveApplied |= !EtcdErrors.NeverSent(error);
                MarkFailed(member, error);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= FailoverBudget && attempt + 1 >= _members.Length)
            {
                throw EtcdErrors.Unavailable(Endpoints, last);
            }

            // A full round without success usually means an election is in progress: wait a
            // little before going round again instead of spinning.
            if ((attempt + 1) % _members.Length == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }
    }
}
