using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Tests.Env;

/// <summary>
/// An in-memory API for kubelet logic tests: Get/List of stored objects with the server's 404 Status,
/// and subresource POSTs answered by <see cref="OnSubresource"/> (405 when unset, like a server without it).
/// </summary>
internal sealed class FakeApiClient : IApiClient
{
    private readonly Dictionary<(string Plural, string Namespace, string Name), JsonObject> _objects = [];

    /// <summary>Answers CreateSubresourceAsync: (plural, namespace, name, subresource, body) → response.</summary>
    public Func<string, string, string, string, JsonObject, JsonObject>? OnSubresource { get; set; }

    public List<string> Calls { get; } = [];

    public FakeApiClient Add(string plural, string @namespace, string name, JsonObject obj)
    {
        obj["metadata"] ??= new JsonObject();
        obj["metadata"]!["name"] = name;
        obj["metadata"]!["namespace"] = @namespace;
        _objects[(plural, @namespace, name)] = obj;
        return this;
    }

    public FakeApiClient ConfigMap(string @namespace, string name, params (string Key, string Value)[] data) =>
        Add("configmaps", @namespace, name, new JsonObject { ["data"] = Map(data) });

    public FakeApiClient Secret(string @namespace, string name, params (string Key, string Value)[] data) =>
        Add("secrets", @namespace, name, new JsonObject
        {
            ["data"] = Map(data.Select(d => (d.Key, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(d.Value)))).ToArray()),
        });

    public void Remove(string plural, string @namespace, string name) => _objects.Remove((plural, @namespace, name));

    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        Calls.Add($"GET {type.Plural} {@namespace}/{name}");
        return _objects.TryGetValue((type.Plural, @namespace ?? "", name), out var obj)
            ? Task.FromResult((JsonObject)obj.DeepClone())
            : throw new ApiException(404, "NotFound", $"{type.Plural} \"{name}\" not found");
    }

    public Task<JsonObject> ListAsync(ResourceType type, string? @namespace, ListRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"LIST {type.Plural} {@namespace}");
        var items = new JsonArray(_objects.Where(o => o.Key.Plural == type.Plural && (@namespace is null || o.Key.Namespace == @namespace)).Select(o => (JsonNode)o.Value.DeepClone()).ToArray());
        return Task.FromResult(new JsonObject { ["items"] = items, ["metadata"] = new JsonObject { ["resourceVersion"] = "1" } });
    }

    public Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, CancellationToken cancellationToken)
    {
        Calls.Add($"POST {type.Plural} {@namespace}/{name}/{subresource}");
        return OnSubresource is { } answer
            ? Task.FromResult(answer(type.Plural, @namespace ?? "", name, subresource, body))
            : throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    public Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> UpdateSubresourceAsync(ResourceType type, JsonObject obj, string subresource, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject obj, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchRequest patch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteRequest? request, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>A watch on which nothing happens until it is cancelled (informers over this fake see only their list).</summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? @namespace, WatchRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Calls.Add($"WATCH {type.Plural} {@namespace}");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    private static JsonObject Map((string Key, string Value)[] data)
    {
        var map = new JsonObject();
        foreach (var (key, value) in data)
        {
            map[key] = value;
        }

        return map;
    }
}
