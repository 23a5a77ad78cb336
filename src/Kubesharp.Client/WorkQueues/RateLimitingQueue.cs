namespace Kubesharp.Client.WorkQueues;

/// <summary>
/// One lock guards everything: the FIFO, the dirty set (keys that need processing), the processing
/// set, the delayed heap and the parked <see cref="GetAsync"/> callers. A single timer, armed for the
/// earliest delayed key, moves due keys into the FIFO.
/// </summary>
internal sealed class RateLimitingQueue : IWorkQueue
{
    private readonly IRateLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly LinkedList<TaskCompletionSource<string?>> _waiters = new();
    private readonly PriorityQueue<string, DateTimeOffset> _delayed = new();
    private readonly Dictionary<string, DateTimeOffset> _delayedDue = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private bool _shuttingDown;

    public RateLimitingQueue(IRateLimiter limiter, TimeProvider time)
    {
        _limiter = limiter;
        _time = time;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            AddLocked(item);
        }
    }

    public void AddAfter(string item, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayedDue.TryGetValue(item, out var existing) && existing <= due)
            {
                return;
            }

            // The old heap entry (if any) stays behind; it is recognised as stale when popped.
            _delayedDue[item] = due;
            _delayed.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    public void AddRateLimited(string item) => AddAfter(item, _limiter.When(item));

    public void Forget(string item) => _limiter.Forget(item);

    public int NumRequeues(string item) => _limiter.NumRequeues(item);

    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<string?> waiter;
        LinkedListNode<TaskCompletionSource<string?>> node;
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                return TakeLocked();
            }

            if (_shuttingDown)
            {
                return null;
            }

            waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }

            waiter.TrySetCanceled(cancellationToken);
        });
        return await waiter.Task;
    }

    public void Done(string item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                // Added again while it was processed: now it may run again.
                _queue.Enqueue(item);
                WakeLocked();
            }
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _delayed.Clear();
            _delayedDue.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            // Parked callers exist only while the queue is empty, so they are told to stop.
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult(null);
            }

            _waiters.Clear();
        }

        _timer.Dispose();
    }

    private void AddLocked(string item)
    {
        if (_shuttingDown || !_dirty.Add(item))
        {
            return;
        }

        if (_processing.Contains(item))
        {
            return; // Done() enqueues it
        }

        _queue.Enqueue(item);
        WakeLocked();
    }

    private string TakeLocked()
    {
        var item = _queue.Dequeue();
        _processing.Add(item);
        _dirty.Remove(item);
        return item;
    }

    private void WakeLocked()
    {
        while (_queue.Count > 0 && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            // A cancelled waiter refuses the item; it then stays queued for the next one.
            if (first.Value.TrySetResult(_queue.Peek()))
            {
                TakeLocked();
            }
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var item, out var due) && due <= now)
            {
                _delayed.Dequeue();
                if (_delayedDue.TryGetValue(item, out var current) && current == due)
                {
                    _delayedDue.Remove(item);
                    AddLocked(item);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        // Drop stale heap entries so the timer is armed for a real due time.
        while (_delayed.TryPeek(out var item, out var due) && (!_delayedDue.TryGetValue(item, out var current) || current != due))
        {
            _delayed.Dequeue();
        }

        if (_delayed.TryPeek(out _, out var next))
        {
            var wait = next - _time.GetUtcNow();
            _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
