using System.Text.Json.Nodes;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;

namespace Kubesharp.Controllers.Tests.Support;

/// <summary>
/// One hand-fed informer: <see cref="Show"/> puts an object in the cache, then tells the handlers,
/// in that order, as the real informer does. <see cref="AfterNextRead"/> runs once right after the
/// next index or list read has taken its snapshot: an event landing while a reconcile reads the cache.
/// </summary>
internal sealed class ManualInformer : IInformer, IObjectStore
{
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly List<InformerHandler> _handlers = [];
    private readonly Lock _gate = new();

    public IObjectStore Store => this;

    public bool HasSynced => true;

    public string? LastSyncResourceVersion => null;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public Action? AfterNextRead { get; set; }

    public void AddHandler(InformerHandler handler) => _handlers.Add(handler);

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Show(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject? old;
        lock (_gate)
        {
            _items.TryGetValue(ObjectKeys.Key(obj), out old);
            _items[ObjectKeys.Key(obj)] = obj;
        }

        foreach (var handler in _handlers)
        {
            if (old is null)
            {
                handler.OnAdd?.Invoke(obj);
            }
            else
            {
                handler.OnUpdate?.Invoke(old, obj);
            }
        }
    }

    public JsonObject? Get(string key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<JsonObject> List() => Read(_ => true);

    public IReadOnlyList<string> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value) =>
        Read(o => Indexers.Standard[indexName](o).Contains(value, StringComparer.Ordinal));

    public void Dispose()
    {
        // nothing to release
    }

    private List<JsonObject> Read(Func<JsonObject, bool> filter)
    {
        List<JsonObject> snapshot;
        lock (_gate)
        {
            snapshot = _items.Values.Where(filter).ToList();
        }

        var after = AfterNextRead;
        AfterNextRead = null;
        after?.Invoke();
        return snapshot;
    }
}
