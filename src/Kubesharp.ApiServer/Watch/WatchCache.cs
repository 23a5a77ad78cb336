using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// One store watch per resource fanned out to every HTTP watcher of it (upstream's cacher): each
/// change is decoded once, kept in a window of recent events so watchers can start a little in
/// the past, and pushed to every subscriber's bounded queue. When the store watch ends, every
/// subscriber ends with the same error and the next watcher starts a fresh cache.
/// </summary>
internal sealed partial class WatchCache : IAsyncDisposable
{
    private readonly IStore _store;
    private readonly string _prefix;
    private readonly int _window;
    private readonly int _subscriberCapacity;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<CachedEvent> _recent = new();
    private readonly HashSet<WatchSubscription> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private long _floor;
    private long _lastRevision;
    private bool _ended;

    public WatchCache(IStore store, string prefix, int window, int subscriberCapacity, ILogger logger)
    {
        _store = store;
        _prefix = prefix;
        _window = window;
        _subscriberCapacity = Math.Max(subscriberCapacity, window + 1);
        _logger = logger;
        _floor = store.CurrentRevision;
        _lastRevision = _floor;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>True once the store watch ended; the owner replaces the cache.</summary>
    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>
    /// Subscribes to events with revision &gt;= <paramref name="fromRevision"/>; null when that is
    /// older than the window (the caller watches the store directly) or the cache has ended.
    /// </summary>
    public WatchSubscription? TrySubscribe(long fromRevision)
    {
        lock (_gate)
        {
            if (_ended || fromRevision <= _floor)
            {
                return null;
            }

            var subscription = new WatchSubscription(this, fromRevision, _subscriberCapacity);
            foreach (var e in _recent)
            {
                subscription.TryPush(e);
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The newest revision this cache has seen, if the subscriber has consumed everything up to it; else null.</summary>
    public long? QuietRevision(WatchSubscription subscription)
    {
        lock (_gate)
        {
            return subscription.Reader.Count == 0 ? _lastRevision : null;
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        Exception? error = null;
        try
        {
            await foreach (var change in _store.WatchAsync(_prefix, _floor + 1, _stop.Token))
            {
                Publish(new CachedEvent(change));
            }

            error = new StoreException(StoreErrorCode.Unavailable, "the store watch ended");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            error = new OperationCanceledException("the API server is stopping");
        }
        catch (Exception e)
        {
            LogWatchEnded(_logger, _prefix, e.Message);
            error = e;
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Fail(error ?? new StoreException(StoreErrorCode.Unavailable, "the store watch ended"));
                }

                _subscribers.Clear();
            }
        }
    }

    private void Publish(CachedEvent e)
    {
        lock (_gate)
        {
            _recent.Enqueue(e);
            if (_recent.Count > _window)
            {
                _floor = _recent.Dequeue().Revision;
            }

            _lastRevision = e.Revision;
            List<WatchSubscription>? slow = null;
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.TryPush(e))
                {
                    (slow ??= []).Add(subscriber);
                }
            }

            foreach (var subscriber in slow ?? [])
            {
                _subscribers.Remove(subscriber);
                subscriber.FailTooSlow();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch cache for {Prefix} ended: {Reason}")]
    private static partial void LogWatchEnded(ILogger logger, string prefix, string reason);
}
