using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Storage.Etcd;

/// <summary>
/// The enumerable <see cref="EtcdStore.WatchAsync"/> returns. Not a compiler iterator, because a
/// consumer may dispose it while a MoveNextAsync is still waiting for an event (a compiler
/// iterator throws then): disposing stops the etcd stream, which completes the queue and so
/// ends the pending wait.
/// </summary>
internal sealed class EtcdWatchStream : IAsyncEnumerable<WatchEvent>
{
    private readonly EtcdCluster _cluster;
    private readonly string _prefix;
    private readonly long _start;
    private readonly bool _startIsNow;
    private readonly int _bufferSize;
    private readonly ConcurrentDictionary<Task, byte> _running;
    private readonly ILogger _logger;
    private readonly CancellationToken[] _stopWhen;

    public EtcdWatchStream(EtcdCluster cluster, string prefix, long start, bool startIsNow, int bufferSize, ConcurrentDictionary<Task, byte> running, ILogger logger, params CancellationToken[] stopWhen)
    {
        _cluster = cluster;
        _prefix = prefix;
        _start = start;
        _startIsNow = startIsNow;
        _bufferSize = bufferSize;
        _running = running;
        _logger = logger;
        _stopWhen = stopWhen;
    }

    public IAsyncEnumerator<WatchEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource([.. _stopWhen, cancellationToken]);
        var queue = new WatcherQueue(_bufferSize);
        var pump = new EtcdWatcher(_cluster, _prefix, _start, _startIsNow, queue, _logger).RunAsync(stop.Token);
        _running.TryAdd(pump, 0);
        return new Enumerator(queue.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken), stop, pump, _running);
    }

    private sealed class Enumerator : IAsyncEnumerator<WatchEvent>
    {
        private readonly IAsyncEnumerator<WatchEvent> _events;
        private readonly CancellationTokenSource _stop;
        private readonly Task _pump;
        private readonly ConcurrentDictionary<Task, byte> _running;
        private Task<bool>? _pending;
        private int _disposed;

        public Enumerator(IAsyncEnumerator<WatchEvent> events, CancellationTokenSource stop, Task pump, ConcurrentDictionary<Task, byte> running)
        {
            _events = events;
            _stop = stop;
            _pump = pump;
            _running = running;
        }

        public WatchEvent Current => _events.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            var next = _events.MoveNextAsync();
            if (next.IsCompleted)
            {
                return next;
            }

            _pending = next.AsTask();
            return new ValueTask<bool>(_pending);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
            _running.TryRemove(_pump, out _);
            if (_pending is { } pending)
            {
                // The pump completed the queue on its way out, so this wait is over or ending.
                await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await _events.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
