using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>
/// Callbacks an informer calls in event order, one at a time, off the network thread. They should
/// be quick (typically: enqueue a key); a slow handler slows the informer down rather than letting
/// events pile up without bound. Objects are shared: do not modify them.
/// </summary>
public sealed record InformerHandler
{
    public Action<JsonObject>? OnAdd { get; init; }

    /// <summary>(old, new); a periodic resync calls it with the same object twice.</summary>
    public Action<JsonObject, JsonObject>? OnUpdate { get; init; }

    /// <summary>The last state seen (from the DELETED event, or the cache when a relist finds it gone).</summary>
    public Action<JsonObject>? OnDelete { get; init; }

    /// <summary>A handler that passes the object's key to <paramref name="enqueue"/> on every event.</summary>
    public static InformerHandler ForKeys(Action<string> enqueue)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        return new InformerHandler
        {
            OnAdd = o => enqueue(Rest.ObjectKeys.Key(o)),
            OnUpdate = (_, n) => enqueue(Rest.ObjectKeys.Key(n)),
            OnDelete = o => enqueue(Rest.ObjectKeys.Key(o)),
        };
    }
}
