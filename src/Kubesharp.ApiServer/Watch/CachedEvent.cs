using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// A store change decoded once and shared by every watcher of the resource: the object after the
/// change (for a delete, the last value at the deletion's revision) and before it. Watchers must
/// not mutate the objects; the serialized form is computed once, on first use.
/// </summary>
internal sealed class CachedEvent
{
    private byte[]? _currentJson;

    public CachedEvent(WatchEvent e)
    {
        Type = e.Type;
        Key = e.Current.Key;
        Revision = e.Revision;
        Current = ObjectCodec.Decode(e.Current.Value.Span, e.Revision);
        Previous = e.Previous is { } p ? ObjectCodec.Decode(p.Value.Span, p.ModRevision) : null;
    }

    public WatchEventType Type { get; }

    public string Key { get; }

    public long Revision { get; }

    public JsonObject Current { get; }

    public JsonObject? Previous { get; }

    /// <summary>UTF-8 JSON of <see cref="Current"/>; races compute it twice at worst, never wrongly.</summary>
    public byte[] CurrentJson => _currentJson ??= ObjectCodec.Serialize(Current);
}
