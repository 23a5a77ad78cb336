using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Client.Transport;

namespace Kubesharp.Client.Tests.Fakes;

/// <summary>
/// An in-memory API server behind the transport seam: get/list (limit/continue)/create/update
/// (optimistic concurrency)/delete and watch (history replay, live events, 410 for compacted
/// versions), plus script hooks to suspend, break or bookmark watches.
/// </summary>
internal sealed class FakeApiServer : IApiTransport
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Rev, string Plural, string? Ns, string Type, JsonObject Obj)> _history = [];
    private readonly List<FakeWatch> _watches = [];
    private long _revision = 100;
    private long _compacted;
    private int _uid;

    public int ListCalls { get; private set; }

    public List<string?> WatchResourceVersions { get; } = [];

    /// <summary>While true, live events are recorded but not sent to open watches.</summary>
    public bool Suspended { get; set; }

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    public void Compact()
    {
        lock (_lock)
        {
            _compacted = _revision;
            _history.Clear();
        }
    }

    /// <summary>Sends an ERROR event with this code to every open watch and ends them.</summary>
    public void FailWatches(int code, string reason)
    {
        lock (_lock)
        {
            foreach (var w in _watches)
            {
                w.Send("ERROR", Status(code, reason, $"fake {reason}"));
                w.Close();
            }

            _watches.Clear();
        }
    }

    /// <summary>Ends every open watch cleanly, as a server does after timeoutSeconds.</summary>
    public void CloseWatches()
    {
        lock (_lock)
        {
            _watches.ForEach(w => w.Close());
            _watches.Clear();
        }
    }

    public void Bookmark()
    {
        lock (_lock)
        {
            var rv = _revision.ToString(CultureInfo.InvariantCulture);
            foreach (var w in _watches)
            {
                w.Send("BOOKMARK", new JsonObject { ["kind"] = "ConfigMap", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = rv } });
            }
        }
    }

    /// <summary>Writes a change straight into the store (as another client would), notifying watches.</summary>
    public JsonObject Put(string plural, JsonObject obj)
    {
        lock (_lock)
        {
            var ns = obj["metadata"]?["namespace"]?.GetValue<string>();
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            var exists = _objects.ContainsKey(Key(plural, ns, name));
            return Store(plural, ns, name, obj.DeepClone().AsObject(), exists ? "MODIFIED" : "ADDED");
        }
    }

    public void Remove(string plural, string? ns, string name)
    {
        lock (_lock)
        {
            if (_objects.Remove(Key(plural, ns, name), out var old))
            {
                Record(plural, ns, "DELETED", Stamp(old));
            }
        }
    }

    public JsonObject? Find(string plural, string? ns, string name)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(Key(plural, ns, name))?.DeepClone().AsObject();
        }
    }

    public Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (path, query) = Split(request.PathAndQuery);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments[0] == "api" ? segments[2..] : segments[3..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var plural = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var body = request.Body is { } b ? JsonNode.Parse(b.Span)!.AsObject() : null;
        lock (_lock)
        {
            return Task.FromResult(request.Method.Method switch
            {
                "GET" when name is not null => Get(plural, ns, name),
                "GET" when query.GetValueOrDefault("watch") == "true" => Watch(plural, ns, query.GetValueOrDefault("resourceVersion")),
                "GET" => List(plural, ns, query),
                "POST" => Create(plural, ns, body!),
                "PUT" => Update(plural, ns, name!, body!),
                "DELETE" => Delete(plural, ns, name!),
                _ => Respond(405, Status(405, "MethodNotAllowed", "not supported by the fake")),
            });
        }
    }

    public ValueTask DisposeAsync()
    {
        CloseWatches();
        return ValueTask.CompletedTask;
    }

    private ApiResponse Get(string plural, string? ns, string name) =>
        _objects.TryGetValue(Key(plural, ns, name), out var obj) ? Respond(200, obj) : NotFound(plural, name);

    private ApiResponse List(string plural, string? ns, Dictionary<string, string> query)
    {
        ListCalls++;
        var prefix = ns is null ? plural + "|" : Key(plural, ns, "");
        var all = _objects.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var start = query.TryGetValue("continue", out var token) ? all.FindIndex(kv => string.CompareOrdinal(kv.Key, token) > 0) : 0;
        if (start < 0)
        {
            start = all.Count;
        }

        var limit = query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var page = all.Skip(start).Take(limit).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = _revision.ToString(CultureInfo.InvariantCulture) };
        if (start + page.Count < all.Count)
        {
            metadata["continue"] = page[^1].Key;
        }

        var items = new JsonArray([.. page.Select(kv => (JsonNode)WithoutTypeMeta(kv.Value))]);
        return Respond(200, new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["metadata"] = metadata, ["items"] = items });
    }

    private ApiResponse Watch(string plural, string? ns, string? resourceVersion)
    {
        WatchResourceVersions.Add(resourceVersion);
        var watch = new FakeWatch(plural, ns);
        var from = resourceVersion is null ? 0 : long.Parse(resourceVersion, CultureInfo.InvariantCulture);
        if (from < _compacted)
        {
            watch.Send("ERROR", Status(410, "Expired", $"too old resource version: {from} ({_compacted})"));
            watch.Close();
            return new ApiResponse(200, watch.Body);
        }

        foreach (var e in _history.Where(e => e.Rev > from && watch.Matches(e.Plural, e.Ns)))
        {
            watch.Send(e.Type, e.Obj);
        }

        _watches.Add(watch);
        return new ApiResponse(200, watch.Body);
    }

    private ApiResponse Create(string plural, string? ns, JsonObject obj)
    {
        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (_objects.ContainsKey(Key(plural, ns, name)))
        {
            return Respond(409, Status(409, "AlreadyExists", $"{plural} \"{name}\" already exists"));
        }

        return Respond(201, Store(plural, ns, name, obj, "ADDED"));
    }

    private ApiResponse Update(string plural, string? ns, string name, JsonObject obj)
    {
        if (!_objects.TryGetValue(Key(plural, ns, name), out var current))
        {
            return NotFound(plural, name);
        }

        var expected = obj["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(expected) && expected != current["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            return Respond(409, Status(409, "Conflict", $"Operation cannot be fulfilled on {plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
        }

        obj["metadata"]!["uid"] = current["metadata"]!["uid"]!.DeepClone();
        return Respond(200, Store(plural, ns, name, obj, "MODIFIED"));
    }

    private ApiResponse Delete(string plural, string? ns, string name)
    {
        if (!_objects.Remove(Key(plural, ns, name), out var old))
        {
            return NotFound(plural, name);
        }

        Record(plural, ns, "DELETED", Stamp(old));
        return Respond(200, old);
    }

    private JsonObject Store(string plural, string? ns, string name, JsonObject obj, string type)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata["uid"] ??= $"uid-{++_uid}";
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        Stamp(obj);
        _objects[Key(plural, ns, name)] = obj;
        Record(plural, ns, type, obj);
        return obj;
    }

    private JsonObject Stamp(JsonObject obj)
    {
        obj["metadata"]!["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
        return obj;
    }

    private void Record(string plural, string? ns, string type, JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        _history.Add((_revision, plural, ns, type, copy));
        if (Suspended)
        {
            return;
        }

        _watches.RemoveAll(w => w.Matches(plural, ns) && !w.Send(type, copy));
    }

    private static JsonObject WithoutTypeMeta(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("kind");
        copy.Remove("apiVersion");
        return copy;
    }

    private static ApiResponse NotFound(string plural, string name) => Respond(404, Status(404, "NotFound", $"{plural} \"{name}\" not found"));

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static ApiResponse Respond(int code, JsonObject body) => new(code, new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString())));

    private static string Key(string plural, string? ns, string name) => $"{plural}|{ns}|{name}";

    private static (string Path, Dictionary<string, string> Query) Split(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q < 0)
        {
            return (pathAndQuery, query);
        }

        foreach (var pair in pathAndQuery[(q + 1)..].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            query[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        return (pathAndQuery[..q], query);
    }
}
