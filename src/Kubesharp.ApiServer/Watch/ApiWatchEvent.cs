using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// One event of a watch response: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR with its object.
/// <see cref="Json"/> is the object already serialized, when a shared copy exists; an event made from
/// a cached change decodes <see cref="Body"/> only when something reads it.
/// </summary>
public sealed class ApiWatchEvent
{
    private readonly JsonObject? _body;
    private readonly CachedEvent? _source;

    public ApiWatchEvent(string type, JsonObject body, byte[]? json = null)
    {
        Type = type;
        _body = body;
        Json = json;
    }

    internal ApiWatchEvent(string type, CachedEvent source)
    {
        Type = type;
        _source = source;
        Json = source.CurrentJson;
    }

    public string Type { get; }

    public JsonObject Body => _body ?? _source!.Current;

    public byte[]? Json { get; }
}
