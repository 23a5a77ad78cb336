using System.Diagnostics;
using Grpc.Core;
using Kubesharp.Storage.Etcd.Protos;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// Feeds one store watcher from an etcd Watch stream, and moves that stream to another member
/// when its member fails. The revision of the next event not yet delivered is the only state:
/// a resumed stream starts exactly there, so nothing is lost and nothing repeats (etcd sends
/// all events of one revision in one response, and a response is delivered whole before the
/// position moves past it).
/// </summary>
internal sealed class EtcdWatcher
{
    private readonly EtcdCluster _cluster;
    private readonly string _prefix;
    private readonly WatcherQueue _queue;
    private readonly ILogger _logger;
    private long _next;

    // A watch "from now" starts after the newest revision this client has seen; if the client
    // was idle that long, that revision may be compacted, and "now" simply moves forward.
    private bool _startIsNow;

    public EtcdWatcher(EtcdCluster cluster, string prefix, long startRevision, bool startIsNow, WatcherQueue queue, ILogger logger)
    {
        _cluster = cluster;
        _prefix = prefix;
        _next = startRevision;
        _startIsNow = startIsNow;
        _queue = queue;
        _logger = logger;
    }

    /// <summary>Runs until the consumer stops, the watcher fails, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Yield first: GetAsyncEnumerator must return at once, not after the first connection attempt.
        await Task.Yield();
        var failingSince = (long?)null;
        var attempt = 0;
        RpcException? last = null;
        try
        {
            while (!_queue.IsClosed)
            {
                var member = _cluster.Current;
                try
                {
                    if (attempt > 0)
                    {
                        EtcdLog.WatchResumed(_logger, _prefix, member.Endpoint, _next);
                    }

                    if (!await StreamAsync(member, () => { failingSince = null; }, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }
                catch (RpcException error) when (!cancellationToken.IsCancellationRequested && EtcdErrors.IsMemberFailure(error))
                {
                    last = error;
                    _cluster.MarkFailed(member, error);
                }

                attempt++;
                failingSince ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(failingSince.Value) > _cluster.FailoverBudget)
                {
                    _queue.Fail(EtcdErrors.Unavailable(_cluster.Endpoints, last));
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _queue.Complete();
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            _queue.Complete();
        }
        catch (Exception error)
        {
            _queue.Fail(error is StoreException ? error : new StoreException(StoreErrorCode.Unavailable, $"The etcd watch on '{_prefix}' failed: {error.Message}", _prefix, error));
        }
    }

    /// <summary>Streams events until the watcher ends (false) or must restart at <see cref="_next"/> (true).</summary>
    private async Task<bool> StreamAsync(EtcdMember member, Action connected, CancellationToken cancellationToken)
    {
        using var call = member.Watch.Watch(cancellationToken: cancellationToken);
        var create = new WatchCreateRequest
        {
            Key = EtcdConvert.Bytes(_prefix),
            RangeEnd = EtcdConvert.RangeEnd(_prefix),
            StartRevision = _next,
            PrevKv = true,
        };
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken).ConfigureAwait(false);

        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            _cluster.Observe(response.Header.Revision);
            if (response.CompactRevision > 0 && _startIsNow)
            {
                // The compaction notice's header does not carry the newest revision, so ask.
                _startIsNow = false;
                var (now, _) = await _cluster.CallAsync(
                    (m, o) => m.Kv.RangeAsync(new RangeRequest { Key = EtcdConvert.Bytes(_prefix), CountOnly = true }, o).ResponseAsync,
                    cancellationToken).ConfigureAwait(false);
                _cluster.Observe(now.Header.Revision);
                _next = Math.Max(response.CompactRevision, now.Header.Revision + 1);
                return true;
            }

            if (response.CompactRevision > 0)
            {
                _queue.Fail(EtcdErrors.Compacted(_next, response.CompactRevision));
                return false;
            }

            if (response.Canceled)
            {
                _queue.Fail(new StoreException(StoreErrorCode.Unavailable, $"etcd cancelled the watch on '{_prefix}': {response.CancelReason}", _prefix));
                return false;
            }

            if (response.Created)
            {
                connected();
            }

            _startIsNow &= response.Events.Count == 0;
            var highest = 0L;
            foreach (var e in response.Events)
            {
                if (!_queue.TryPublish(EtcdConvert.ToWatchEvent(e)))
                {
                    return false;
                }

                highest = Math.Max(highest, e.Kv.ModRevision);
            }

            if (highest >= _next)
            {
                _next = highest + 1;
            }
        }

        // etcd never ends a watch stream on its own; an end is a member going away.
        throw new RpcException(new Status(StatusCode.Unavailable, "the watch stream ended"));
    }
}
