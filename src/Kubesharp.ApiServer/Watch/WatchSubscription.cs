using System.Threading.Channels;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// One watcher's queue on a <see cref="WatchCache"/>: events with revision &gt;= FromRevision,
/// bounded; a watcher that falls too far behind is cut off with WatcherTooSlow (the client relists).
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<CachedEvent> _channel;
    private readonly WatchCache _owner;

    public WatchSubscription(WatchCache owner, long fromRevision, int capacity)
    {
        _owner = owner;
        FromRevision = fromRevision;
        _channel = Channel.CreateBounded<CachedEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    public long FromRevision { get; }

    public ChannelReader<CachedEvent> Reader => _channel.Reader;

    /// <summary>Queues the event; false when the queue is full (the caller then ends this watcher).</summary>
    public bool TryPush(CachedEvent e) => e.Revision < FromRevision || _channel.Writer.TryWrite(e);

    public void Fail(Exception error) => _channel.Writer.TryComplete(error);

    public void FailTooSlow() => Fail(new StoreException(StoreErrorCode.WatcherTooSlow, "the watcher fell too far behind"));

    public void Dispose()
    {
        _owner.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
