namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// In-process fan-out from the writer to watchers. Registration and publication share one lock,
/// so a watcher learns exactly which revision it will receive live from: everything up to the
/// returned revision is in the database, everything after reaches its queue.
/// </summary>
internal sealed class WatchHub
{
    private readonly Lock _lock = new();
    private readonly List<Watcher> _watchers = [];
    private long _publishedRevision;
    private bool _closed;

    public WatchHub(long revision) => _publishedRevision = revision;

    public Watcher Register(string prefix, int capacity, out long liveAfterRevision)
    {
        var watcher = new Watcher(prefix, capacity);
        lock (_lock)
        {
            liveAfterRevision = _publishedRevision;
            if (_closed)
            {
                watcher.Queue.Complete();
            }
            else
            {
                _watchers.Add(watcher);
            }
        }

        return watcher;
    }

    public void Unregister(Watcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }

        watcher.Queue.Complete();
    }

    /// <summary>Hands committed events (in revision order) to matching watchers; never waits.</summary>
    public void Publish(List<WatchEvent> events, long revision)
    {
        lock (_lock)
        {
            _publishedRevision = revision;
            for (var w = _watchers.Count - 1; w >= 0; w--)
            {
                var watcher = _watchers[w];
                foreach (var change in events)
                {
                    if (change.Current.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal) && !watcher.Queue.TryPublish(change))
                    {
                        break;
                    }
                }

                if (watcher.Queue.IsClosed)
                {
                    _watchers.RemoveAt(w);
                }
            }
        }
    }

    public void CompleteAll()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Queue.Complete();
            }

            _watchers.Clear();
        }
    }
}
