using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Compacts periodically, keeping at least CompactKeepDuration of history and at least
/// CompactKeepRevisions revisions. Time is tracked by sampling the revision at every tick, so no
/// timestamp is stored per row; after a restart history is kept for a full duration again.
/// </summary>
internal sealed class BackgroundCompactor(GroupCommitter committer, SqliteStoreOptions options, TimeProvider time, ILogger logger)
{
    private readonly Queue<(DateTimeOffset At, long Revision)> _samples = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.CompactInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is StoreException or ArgumentOutOfRangeException)
                {
                    Log.CompactionFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping with the store.
        }
    }

    private async Task TickAsync()
    {
        var now = time.GetUtcNow();
        var current = committer.Revision;
        _samples.Enqueue((now, current));

        // The newest sample old enough marks the newest revision we may forget history before.
        long? byAge = null;
        var cutoff = now - options.CompactKeepDuration;
        while (_samples.TryPeek(out var oldest) && oldest.At <= cutoff)
        {
            byAge = oldest.Revision;
            _samples.Dequeue();
        }

        if (byAge is null)
        {
            return;
        }

        var target = Math.Min(byAge.Value, current - options.CompactKeepRevisions + 1);
        if (target > committer.CompactRevision && target > 0)
        {
            await committer.CompactAsync(target).ConfigureAwait(false);
        }
    }
}
