using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// The only writer. Requests queue; the loop drains up to MaxWritesPerCommit of them into one
/// transaction, so N concurrent writers pay for one fsync instead of N. Each request's
/// precondition is checked inside that transaction, against the state as the earlier requests
/// of the batch left it, and fails alone. Nothing is acknowledged before the commit returns.
/// The loop runs on its own thread, not the thread pool's: a commit blocks in SQLite and fsync,
/// and as a pool work item the next batch started only after whatever API work was queued
/// ahead of it, while the pool thread it then blocked was lost to that work.
/// </summary>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private const int CompactionChunkRows = 10_000;

    private readonly ConcurrentQueue<WriterWork> _queue = new();

    // Set after each enqueue, reset by the loop before it drains: a wait never misses work.
    private readonly ManualResetEventSlim _pending = new(false);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteConnection _connection;
    private readonly WriteStatements _statements;
    private readonly WatchHub _hub;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly List<WatchEvent?> _outcomes = [];
    private readonly List<StoreException?> _failures = [];
    private readonly List<WatchEvent> _events = [];
    private long _revision;
    private long _compactRevision;
    private long _commits;
    private volatile bool _stopping;
    private volatile bool _closed;

    public GroupCommitter(SqliteConnection connection, WatchHub hub, int maxBatch, ILogger logger)
    {
        _connection = connection;
        _statements = new WriteStatements(connection);
        _hub = hub;
        _maxBatch = maxBatch;
        _logger = logger;
        (_revision, _compactRevision) = _statements.ReadMeta();
        new Thread(Run) { IsBackground = true, Name = "kubesharp sqlite writer" }.Start();
    }

    public long Revision => Volatile.Read(ref _revision);

    public long CompactRevision => Volatile.Read(ref _compactRevision);

    /// <summary>Transactions committed so far (write batches and compaction steps); tests use it to see batching.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Queues the request; the caller then awaits one of its outcomes (<see cref="WriteRequest.Change"/>,
    /// <see cref="WriteRequest.Written"/>, <see cref="WriteRequest.Deleted"/>), which
    /// <paramref name="cancellationToken"/> ends early.
    /// </summary>
    public void Submit(WriteRequest request, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            throw Closed();
        }

        request.CancelWaitOn(cancellationToken);
        Enqueue(request);
    }

    public Task CompactAsync(long targetRevision)
    {
        if (_stopping)
        {
            throw Closed();
        }

        var work = new CompactionWork(targetRevision);
        Enqueue(work);
        return work.Completion;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _pending.Set();
        await _exited.Task.ConfigureAwait(false);
        _statements.Dispose();
        _pending.Dispose();
    }

    private static StoreException Closed() => new(StoreErrorCode.Unavailable, "The store is closed.");

    private void Enqueue(WriterWork work)
    {
        _queue.Enqueue(work);
        _pending.Set();

        // Queued after the loop's last drain: nothing will run it.
        if (_closed)
        {
            FailQueued();
        }
    }

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var work))
        {
            work.Fail(Closed());
        }
    }

    private void Run()
    {
        try
        {
            RunLoop();
        }
        finally
        {
            _closed = true;
            FailQueued();
            _exited.TrySetResult();
        }
    }

    private void RunLoop()
    {
        var batch = new List<WriteRequest>(Math.Min(_maxBatch, 1024));
        var compactions = new List<CompactionWork>();
        while (true)
        {
            _pending.Reset();
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var work))
            {
                if (work is WriteRequest request)
                {
                    batch.Add(request);
                }
                else
                {
                    compactions.Add((CompactionWork)work);
                }
            }

            if (batch.Count == 0 && compactions.Count == 0)
            {
                if (_stopping)
                {
                    return;
                }

                _pending.Wait();
                continue;
            }

            if (_stopping)
            {
                batch.ForEach(request => request.Fail(Closed()));
                compactions.ForEach(compaction => compaction.Fail(Closed()));
            }
            else
            {
                if (batch.Count > 0)
                {
                    CommitBatch(batch);
                }

                foreach (var compaction in compactions)
                {
                    if (!CompactStep(compaction))
                    {
                        _queue.Enqueue(compaction);
                    }
                }
            }

            batch.Clear();
            compactions.Clear();
        }
    }

    private void CommitBatch(List<WriteRequest> batch)
    {
        _outcomes.Clear();
        _failures.Clear();
        _events.Clear();
        long revision;
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            _statements.Use(transaction);

            // Read, not cached: another store object on the same file may have written since.
            (revision, _) = _statements.ReadMeta();
            var first = revision;
            foreach (var request in batch)
            {
                if (request.CancellationToken.IsCancellationRequested)
                {
                    _outcomes.Add(null);
                    _failures.Add(null);
                    continue;
                }

                var outcome = Apply(request, ref revision, out var failure);
                _outcomes.Add(outcome);
                _failures.Add(failure);
                if (outcome is not null)
                {
                    _events.Add(outcome);
                }
            }

            if (revision != first)
            {
                _statements.SetRevision(revision);
            }

            transaction.Commit();
        }
        catch (Exception e)
        {
            // Whatever went wrong, the loop must live on: a dead writer would hang every caller.
            Log.BatchFailed(_logger, batch.Count, e);
            var error = new StoreException(StoreErrorCode.Unavailable, $"The write could not be committed: {e.Message}", null, e);
            batch.ForEach(request => request.Fail(error));
            return;
        }

        Interlocked.Increment(ref _commits);
        Volatile.Write(ref _revision, revision);
        if (_events.Count > 0)
        {
            _hub.Publish(_events, revision);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (_outcomes[i] is { } outcome)
            {
                batch[i].Succeed(outcome);
            }
            else if (_failures[i] is { } failure)
            {
                batch[i].Fail(failure);
            }
            else
            {
                batch[i].Cancel();
            }
        }
    }

    private WatchEvent? Apply(WriteRequest request, ref long revision, out StoreException? failure)
    {
        failure = null;
        var existing = _statements.SelectLive(request.KeyBytes, request.Key);
        switch (request.Kind)
        {
            case WriteKind.Create:
                if (existing is not null)
                {
                    failure = new StoreException(StoreErrorCode.KeyExists, $"The key '{request.Key}' already exists.", request.Key) { Current = existing };
                    return null;
                }

                revision++;
                _statements.InsertHistory(revision, request.KeyBytes, 0, revision, 0, request.Value);
                _statements.UpsertLive(request.KeyBytes, revision, revision, request.ExpiresAtMs);
                return new WatchEvent(WatchEventType.Created, new KeyValue(request.Key, request.Value, revision, revision), null);

            case WriteKind.Update:
                if (existing is null)
                {
                    failure = new StoreException(StoreErrorCode.KeyNotFound, $"The key '{request.Key}' does not exist.", request.Key);
                    return null;
                }

                if (existing.ModRevision != request.ExpectedModRevision)
                {
                    failure = Conflict(request, existing);
                    return null;
                }

                revision++;
                _statements.InsertHistory(revision, request.KeyBytes, 1, existing.CreateRevision, existing.ModRevision, request.Value);
                _statements.UpsertLive(request.KeyBytes, revision, existing.CreateRevision, request.ExpiresAtMs);
                return new WatchEvent(WatchEventType.Updated, new KeyValue(request.Key, request.Value, existing.CreateRevision, revision), existing);

            default:
                if (existing is null)
                {
                    failure = new StoreException(StoreErrorCode.KeyNotFound, $"The key '{request.Key}' does not exist.", request.Key);
                    return null;
                }

                if (request.ExpectedModRevision is { } expected && existing.ModRevision != expected)
                {
                    failure = Conflict(request, existing);
                    return null;
                }

                revision++;
                _statements.InsertHistory(revision, request.KeyBytes, 2, existing.CreateRevision, existing.ModRevision, null);
                _statements.DeleteLive(request.KeyBytes);
                return new WatchEvent(WatchEventType.Deleted, existing with { ModRevision = revision }, existing);
        }
    }

    private static StoreException Conflict(WriteRequest request, KeyValue existing) => new(
        StoreErrorCode.Conflict,
        $"The key '{request.Key}' was modified at revision {existing.ModRevision}, not {request.ExpectedModRevision}.",
        request.Key)
    {
        Current = existing,
    };

    /// <summary>Runs one bounded step of a compaction; true when it has finished (or failed).</summary>
    private bool CompactStep(CompactionWork work)
    {
        try
        {
            bool done;
            using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                _statements.Use(transaction);
                if (!work.Started)
                {
                    var (revision, compacted) = _statements.ReadMeta();
                    if (work.TargetRevision > revision)
                    {
                        work.Fail(new ArgumentOutOfRangeException(null, work.TargetRevision, $"The store is only at revision {revision}."));
                        return true;
                    }

                    if (work.TargetRevision <= compacted)
                    {
                        Volatile.Write(ref _compactRevision, compacted);
                        work.Succeed();
                        return true;
                    }

                    _statements.SetCompactRevision(work.TargetRevision);
                    work.Started = true;
                }

                var chunkEnd = _statements.CompactChunkEnd(work.NextRevision, work.TargetRevision, CompactionChunkRows);
                done = chunkEnd is null;
                if (chunkEnd is { } end)
                {
                    _statements.CompactChunk(work.NextRevision, end, work.TargetRevision);
                    work.NextRevision = end + 1;
                }

                transaction.Commit();
            }

            Interlocked.Increment(ref _commits);
            Volatile.Write(ref _compactRevision, work.TargetRevision);
            if (done)
            {
                Log.Compacted(_logger, work.TargetRevision);
                work.Succeed();
            }

            return done;
        }
        catch (Exception e)
        {
            work.Fail(new StoreException(StoreErrorCode.Unavailable, $"Compaction failed: {e.Message}", null, e));
            return true;
        }
    }
}
