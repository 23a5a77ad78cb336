using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// Admission's reads of quotas, limit ranges, priority classes and namespaces served from one
/// <see cref="CachedCollection"/> per resource instead of a store list on every create (upstream's
/// admission plugins read informer listers too). Started on first use; while a collection is not
/// usable (starting, restarting after its watch ended) the store answers. Other resources always
/// read the store. A collection's watch lives as long as the store (it ends when the store is
/// disposed), so the lister owns nothing to dispose.
/// </summary>
internal sealed class CachedAdmissionLister : IAdmissionLister
{
    private static readonly string[] CachedPrefixes =
    [
        BuiltInResources.Get("", "resourcequotas").StorePrefix,
        BuiltInResources.Get("", "limitranges").StorePrefix,
        BuiltInResources.Get("scheduling.k8s.io", "priorityclasses").StorePrefix,
        BuiltInResources.Get("", "namespaces").StorePrefix,
    ];

    // After a collection's watch ends, the store answers for this long before the next list and watch.
    private const long RestartDelayMs = 5_000;

    private readonly IStore _store;
    private readonly StoreAdmissionLister _direct;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CachedCollection> _collections = new(StringComparer.Ordinal);

    public CachedAdmissionLister(IStore store)
    {
        _store = store;
        _direct = new StoreAdmissionLister(store);
    }

    /// <summary>The store itself, for reads that must be current (a retry after a conflict).</summary>
    public IAdmissionLister Direct => _direct;

    public ValueTask<IReadOnlyList<KeyValue>> ListAsync(ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        var items = Collection(type.StorePrefix)?.TryList(ResourceRegistry.CollectionPrefix(type, ns));
        return items is not null ? ValueTask.FromResult(items) : _direct.ListAsync(type, ns, cancellationToken);
    }

    public ValueTask<KeyValue?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        var key = new ObjectRef(type, ns, name).Key;
        return Collection(type.StorePrefix) is { } collection && collection.TryGet(key, out var value)
            ? ValueTask.FromResult(value)
            : _direct.GetAsync(type, ns, name, cancellationToken);
    }

    /// <summary>A value this server wrote; cached collections apply it before their watch brings it.</summary>
    public void Written(KeyValue kv)
    {
        ArgumentNullException.ThrowIfNull(kv);
        Existing(kv.Key)?.Written(kv);
    }

    /// <summary>A key this server deleted at <paramref name="revision"/>.</summary>
    public void Deleted(string key, long revision) => Existing(key)?.Deleted(key, revision);

    private CachedCollection? Existing(string key)
    {
        lock (_gate)
        {
            foreach (var (prefix, collection) in _collections)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return collection;
                }
            }
        }

        return null;
    }

    private CachedCollection? Collection(string prefix)
    {
        if (!CachedPrefixes.Contains(prefix, StringComparer.Ordinal))
        {
            return null;
        }

        lock (_gate)
        {
            if (_collections.TryGetValue(prefix, out var collection) && collection.Ended && Environment.TickCount64 - collection.EndedAt < RestartDelayMs)
            {
                return null;
            }

            if (collection is null || collection.Ended)
            {
                collection = new CachedCollection(_store, prefix);
                _collections[prefix] = collection;
            }

            return collection;
        }
    }
}
