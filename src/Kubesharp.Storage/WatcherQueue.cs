using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Kubesharp.Storage;

/// <summary>
/// One watcher's bounded buffer between the backend's event source and the consumer. Publishing
/// never waits: when the buffer is full the watcher is ended with
/// <see cref="StoreErrorCode.WatcherTooSlow"/>, so a slow consumer can neither block writers nor
/// grow memory. Both backends use it.
/// </summary>
internal sealed class WatcherQueue
{
    private readonly Channel<WatchEvent> _channel;
    private readonly int _capacity;

    public WatcherQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>True once the watcher has ended (overflow, error or completion).</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Queues an event; returns false (and ends the watcher) when it cannot keep up.</summary>
    public bool TryPublish(WatchEvent watchEvent)
    {
        if (_channel.Writer.TryWrite(watchEvent))
        {
            return true;
        }

        Fail(new StoreException(
            StoreErrorCode.WatcherTooSlow,
            $"The watcher fell more than {_capacity} events behind and was stopped; list again and watch from the list's revision."));
        return false;
    }

    public void Fail(Exception error)
    {
        IsClosed = true;
        _channel.Writer.TryComplete(error);
    }

    public void Complete()
    {
        IsClosed = true;
        _channel.Writer.TryComplete();
    }

    public async IAsyncEnumerable<WatchEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }
}
