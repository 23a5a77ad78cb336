using System.Collections.Concurrent;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Watch;

/// <summary>The watch caches of the server, one per resource store prefix, started on first watch.</summary>
public sealed class WatchCaches : IAsyncDisposable
{
    private readonly IStore _store;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<string, WatchCache> _caches = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public WatchCaches(IStore store, ILoggerFactory loggerFactory, int window = 1000, int subscriberCapacity = 10_000)
    {
        _store = store;
        _loggerFactory = loggerFactory;
        Window = window;
        SubscriberCapacity = subscriberCapacity;
    }

    public int Window { get; }

    public int SubscriberCapacity { get; }

    public IStore Store => _store;

    internal (WatchCache Cache, WatchSubscription Subscription)? TrySubscribe(string resourcePrefix, long fromRevision)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            WatchCache cache;
            lock (_gate)
            {
                if (!_caches.TryGetValue(resourcePrefix, out cache!) || cache.Ended)
                {
                    cache = new WatchCache(_store, resourcePrefix, Window, SubscriberCapacity, _loggerFactory.CreateLogger<WatchCache>());
                    _caches[resourcePrefix] = cache;
                }
            }

            if (cache.TrySubscribe(fromRevision) is { } subscription)
            {
                return (cache, subscription);
            }

            if (!cache.Ended)
            {
                return null; // too old for the window: the caller reads the store's history
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _caches.Values)
        {
            await cache.DisposeAsync();
        }

        _caches.Clear();
    }
}
