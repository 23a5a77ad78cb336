using System.Threading.Tasks.Sources;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// One key write waiting for the group committer, and the awaitable its caller waits on: the
/// store's Create/Update/Delete return a ValueTask over this object itself, so a write costs one
/// allocation to wait on instead of a TaskCompletionSource, a WaitAsync promise and an async
/// state machine per layer. The value is the store's own copy (see <see cref="IStore.CreateAsync"/>),
/// so the caller may reuse its buffer and the events handed to watchers never change under them.
/// </summary>
internal sealed class WriteRequest : WriterWork, IValueTaskSource<WatchEvent>, IValueTaskSource<KeyValue>, IValueTaskSource<DeleteResult>
{
    // Continuations run on the thread pool, never inline on the writer: the writer goes on to the next batch.
    private ManualResetValueTaskSourceCore<WatchEvent> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _waitRegistration;
    private int _completed;

    public WriteRequest(WriteKind kind, string key, byte[] keyBytes, byte[]? value, long? expectedModRevision, long? expiresAtMs, CancellationToken cancellationToken)
    {
        Kind = kind;
        Key = key;
        KeyBytes = keyBytes;
        Value = value;
        ExpectedModRevision = expectedModRevision;
        ExpiresAtMs = expiresAtMs;
        CancellationToken = cancellationToken;
    }

    public WriteKind Kind { get; }

    public string Key { get; }

    public byte[] KeyBytes { get; }

    public byte[]? Value { get; }

    public long? ExpectedModRevision { get; }

    public long? ExpiresAtMs { get; }

    /// <summary>Cancelled before the writer reaches it, the request is not applied.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The change as a watcher sees it: for a deletion, Current is the deleted value at the deletion's revision.</summary>
    public ValueTask<WatchEvent> Change => new(this, _core.Version);

    /// <summary>The written key (create, update).</summary>
    public ValueTask<KeyValue> Written => new(this, _core.Version);

    /// <summary>The deletion's revision and the deleted value.</summary>
    public ValueTask<DeleteResult> Deleted => new(this, _core.Version);

    /// <summary>
    /// Ends the caller's wait when <paramref name="waitToken"/> is cancelled, whether or not the write
    /// is then applied (as a cancelled etcd call). Called once, before the request is queued.
    /// </summary>
    public void CancelWaitOn(CancellationToken waitToken)
    {
        if (waitToken.CanBeCanceled)
        {
            _waitRegistration = waitToken.UnsafeRegister(static (state, token) => ((WriteRequest)state!).Complete(null, new OperationCanceledException(token)), this);
        }
    }

    public void Succeed(WatchEvent change) => Complete(change, null);

    public void Cancel() => Complete(null, new OperationCanceledException(CancellationToken));

    public override void Fail(Exception error) => Complete(null, error);

    WatchEvent IValueTaskSource<WatchEvent>.GetResult(short token) => _core.GetResult(token);

    KeyValue IValueTaskSource<KeyValue>.GetResult(short token) => _core.GetResult(token).Current;

    DeleteResult IValueTaskSource<DeleteResult>.GetResult(short token)
    {
        var change = _core.GetResult(token);
        return new DeleteResult(change.Revision, change.Current);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    // The first outcome wins (the writer's or the caller's cancellation); the source completes once.
    private void Complete(WatchEvent? change, Exception? error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        // Unregister, not Dispose: this may run inside the registration's own callback.
        _waitRegistration.Unregister();
        if (error is null)
        {
            _core.SetResult(change!);
        }
        else
        {
            _core.SetException(error);
        }
    }
}
