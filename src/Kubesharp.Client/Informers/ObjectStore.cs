using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Client.Informers;

/// <summary>
/// The cache behind an informer: a dictionary plus one inverted index per index function, all under
/// a reader/writer lock (reads vastly outnumber the single writer, the informer's watch loop).
/// </summary>
internal sealed class ObjectStore(IReadOnlyDictionary<string, IndexFunc> indexers) : IObjectStore, IDisposable
{
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices =
        indexers.ToDictionary(i => i.Key, _ => new Dictionary<string, HashSet<string>>(StringComparer.Ordinal), StringComparer.Ordinal);

    private readonly ReaderWriterLockSlim _lock = new();

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _items.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public JsonObject? Get(string key)
    {
        _lock.EnterReadLock();
        try
        {
            return _items.GetValueOrDefault(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<JsonObject> List()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _items.Values];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> Keys()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _items.Keys];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_indices.TryGetValue(indexName, out var index))
            {
                throw new KeyNotFoundException($"no index named \"{indexName}\"");
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds or replaces; returns the previous object.</summary>
    public JsonObject? Upsert(JsonObject obj)
    {
        var key = ObjectKeys.Key(obj);
        _lock.EnterWriteLock();
        try
        {
            _items.TryGetValue(key, out var old);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _items[key] = obj;
            Index(key, obj);
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes; returns the object that was cached, if any.</summary>
    public JsonObject? Remove(string key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private void Index(string key, JsonObject obj)
    {
        foreach (var (name, func) in indexers)
        {
            var index = _indices[name];
            foreach (var value in func(obj))
            {
                if (!index.TryGetValue(value, out var keys))
                {
                    index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(key);
            }
        }
    }

    private void Unindex(string key, JsonObject obj)
    {
        foreach (var (name, func) in indexers)
        {
            var index = _indices[name];
            foreach (var value in func(obj))
            {
                // Drop empty sets so the index does not grow with every value ever seen.
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }
}
