using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// A store change shared by every watcher of the resource: the object after the change (for a
/// delete, the last value at the deletion's revision) and before it. Both are decoded on first use
/// only: watchers without selectors write the served JSON, made from the stored bytes without
/// building the object, so a change nobody filters or converts is never parsed. Watchers must not
/// mutate the objects.
/// </summary>
internal sealed class CachedEvent
{
    private readonly ReadOnlyMemory<byte> _currentValue;
    private readonly KeyValue? _previousValue;
    private JsonObject? _current;
    private JsonObject? _previous;
    private byte[]? _currentJson;

    public CachedEvent(WatchEvent e)
    {
        Type = e.Type;
        Key = e.Current.Key;
        Revision = e.Revision;
        _currentValue = e.Current.Value;
        _previousValue = e.Previous;
    }

    public WatchEventType Type { get; }

    public string Key { get; }

    public long Revision { get; }

    // Published once: every watcher that asks sees the same instance.
    public JsonObject Current => _current ?? Interlocked.CompareExchange(ref _current, ObjectCodec.Decode(_currentValue.Span, Revision), null) ?? _current!;

    public JsonObject? Previous => _previousValue is not { } p
        ? null
        : _previous ?? Interlocked.CompareExchange(ref _previous, ObjectCodec.Decode(p.Value.Span, p.ModRevision), null) ?? _previous!;

    /// <summary>UTF-8 JSON of <see cref="Current"/>; races compute it twice at worst, never wrongly.</summary>
    public byte[] CurrentJson => _currentJson ??= ObjectCodec.Served(_currentValue, Revision);
}
