using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>
/// An informer's read-only, thread-safe cache keyed "namespace/name". Objects are shared with other
/// readers and handlers: treat them as immutable (DeepClone before changing one to write it back).
/// </summary>
public interface IObjectStore
{
    int Count { get; }

    JsonObject? Get(string key);

    /// <summary>A snapshot of every object.</summary>
    IReadOnlyList<JsonObject> List();

    IReadOnlyList<string> Keys();

    /// <summary>Objects whose <paramref name="indexName"/> values include <paramref name="value"/>.</summary>
    /// <exception cref="KeyNotFoundException">No index of that name was configured.</exception>
    IReadOnlyList<JsonObject> ByIndex(string indexName, string value);
}
