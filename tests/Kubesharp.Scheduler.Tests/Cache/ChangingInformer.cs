using System.Text.Json.Nodes;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;

namespace Kubesharp.Scheduler.Tests.Cache;

/// <summary>An informer whose cache the test changes, telling the handlers or not (to see what a consumer remembers).</summary>
internal sealed class ChangingInformer : IInformer, IObjectStore
{
    private readonly List<JsonObject> _objects = [];
    private readonly List<InformerHandler> _handlers = [];

    public IObjectStore Store => this;

    public bool HasSynced => true;

    public string? LastSyncResourceVersion => null;

    public int Count => _objects.Count;

    public void AddHandler(InformerHandler handler) => _handlers.Add(handler);

    /// <summary>Puts <paramref name="obj"/> in the cache (replacing one of the same key); handlers hear of it when <paramref name="tell"/>.</summary>
    public void Set(JsonObject obj, bool tell = true)
    {
        var old = Get(ObjectKeys.Key(obj));
        if (old is not null)
        {
            _objects.Remove(old);
        }

        _objects.Add(obj);
        foreach (var handler in tell ? _handlers : [])
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

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public JsonObject? Get(string key) => _objects.FirstOrDefault(o => ObjectKeys.Key(o) == key);

    public IReadOnlyList<JsonObject> List() => _objects;

    public IReadOnlyList<string> Keys() => _objects.Select(ObjectKeys.Key).ToList();

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value) =>
        _objects.Where(o => Indexers.Standard[indexName](o).Contains(value, StringComparer.Ordinal)).ToList();

    public void Dispose()
    {
        // nothing held
    }
}
