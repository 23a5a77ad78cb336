using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// Keeps etcd's history to about <c>keep</c>: every tick it notes the current revision, and
/// compacts to the newest noted revision that is older than <c>keep</c>. Several API servers
/// doing this at once is harmless: compacting an already-compacted revision is a no-op.
/// </summary>
internal sealed class EtcdCompactor
{
    private readonly IStore _store;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _keep;
    private readonly ILogger _logger;
    private readonly Queue<(DateTimeOffset At, long Revision)> _marks = new();

    public EtcdCompactor(IStore store, TimeSpan interval, TimeSpan keep, ILogger logger)
    {
        _store = store;
        _interval = interval;
        _keep = keep;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        long compacted = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = DateTimeOffset.UtcNow;
                _marks.Enqueue((now, _store.CurrentRevision));
                long target = 0;
                while (_marks.TryPeek(out var mark) && mark.At <= now - _keep)
                {
                    target = _marks.Dequeue().Revision;
                }

                if (target <= compacted)
                {
                    continue;
                }

                try
                {
                    await _store.CompactAsync(target, cancellationToken).ConfigureAwait(false);
                    compacted = target;
                }
                catch (StoreException error)
                {
                    EtcdLog.CompactionFailed(_logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
