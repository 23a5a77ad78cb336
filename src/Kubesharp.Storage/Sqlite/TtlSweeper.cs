using System.Text;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Deletes expired keys through the writer, so every expiry takes a revision and watchers see a
/// Deleted event. The delete is conditional on the revision found expired: a key updated in the
/// meantime is left alone.
/// </summary>
internal sealed class TtlSweeper(SqliteReads reads, GroupCommitter committer, SqliteStoreOptions options, TimeProvider time, ILogger logger)
{
    private const int MaxPerSweep = 1_000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.TtlSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is StoreException or Microsoft.Data.Sqlite.SqliteException)
                {
                    Log.SweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping with the store.
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var expired = reads.Expired(time.GetUtcNow().ToUnixTimeMilliseconds(), MaxPerSweep);
        if (expired.Count == 0)
        {
            return;
        }

        var deletes = new List<Task>(expired.Count);
        foreach (var (keyBytes, revision) in expired)
        {
            var request = new WriteRequest(WriteKind.Expire, Encoding.UTF8.GetString(keyBytes), keyBytes, null, revision, null, CancellationToken.None);
            committer.Submit(request, cancellationToken);
            deletes.Add(request.Change.AsTask());
        }

        try
        {
            await Task.WhenAll(deletes).ConfigureAwait(false);
        }
        catch (StoreException e) when (e.Code is StoreErrorCode.Conflict or StoreErrorCode.KeyNotFound)
        {
            // Changed or deleted since it was found expired: nothing to do.
        }

        Log.Expired(logger, expired.Count);
    }
}
