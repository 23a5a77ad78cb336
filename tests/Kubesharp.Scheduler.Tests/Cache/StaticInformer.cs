using System.Text.Json.Nodes;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;

namespace Kubesharp.Scheduler.Tests.Cache;

/// <summary>An informer whose cache is a fixed set of objects: for logic that only reads caches.</summary>
internal sealed class StaticInformer(params JsonObject[] objects) : IInformer, IObjectStore
{
    public IObjectStore Store => this;

    public bool HasSynced => true;

    public string? LastSyncResourceVersion => null;

    public int Count => objects.Length;

    public void AddHandler(InformerHandler handler)
    {
        // nothing ever changes
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public JsonObject? Get(string key) => objects.FirstOrDefault(o => ObjectKeys.Key(o) == key);

    public IReadOnlyList<JsonObject> List() => objects;

    public IReadOnlyList<string> Keys() => objects.Select(ObjectKeys.Key).ToList();

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value) =>
        objects.Where(o => Indexers.Standard[indexName](o).Contains(value, StringComparer.Ordinal)).ToList();

    public void Dispose()
    {
        // nothing held
    }
}
