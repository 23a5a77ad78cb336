namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// One key write waiting for the group committer. The value is copied on creation so that the
/// caller may reuse its buffer and the events handed to watchers can never change under them.
/// </summary>
internal sealed class WriteRequest : WriterWork
{
    private readonly TaskCompletionSource<WatchEvent> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    public CancellationToken CancellationToken { get; }

    /// <summary>The change as a watcher sees it: for a deletion, Current is the deleted value at the deletion's revision.</summary>
    public Task<WatchEvent> Completion => _completion.Task;

    public void Succeed(WatchEvent change) => _completion.TrySetResult(change);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
