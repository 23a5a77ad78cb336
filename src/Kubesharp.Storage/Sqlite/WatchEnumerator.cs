namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Wraps the watch iterator so that DisposeAsync may come while a MoveNextAsync is still waiting
/// (a compiler-generated iterator refuses that): disposal cancels the wait and unregisters.
/// </summary>
internal sealed class WatchEnumerator : IAsyncEnumerator<WatchEvent>
{
    private readonly CancellationTokenSource _cancellation;
    private readonly IAsyncEnumerator<WatchEvent> _inner;
    private readonly Action _release;
    private Task<bool>? _pending;
    private int _disposed;

    public WatchEnumerator(CancellationTokenSource cancellation, IAsyncEnumerable<WatchEvent> source, Action release)
    {
        _cancellation = cancellation;
        _release = release;
        _inner = source.GetAsyncEnumerator(cancellation.Token);
    }

    public WatchEvent Current => _inner.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var next = _inner.MoveNextAsync();
        if (next.IsCompletedSuccessfully)
        {
            return next;
        }

        var pending = next.AsTask();
        _pending = pending;
        return new ValueTask<bool>(pending);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _release();
        await _cancellation.CancelAsync().ConfigureAwait(false);
        if (_pending is { IsCompleted: false } pending)
        {
            // The iterator ends by cancellation; its outcome belongs to whoever awaits that MoveNextAsync.
            await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
        _cancellation.Dispose();
    }
}
