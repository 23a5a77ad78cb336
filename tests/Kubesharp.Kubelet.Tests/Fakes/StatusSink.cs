using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>An API client that keeps the pod statuses and deletes a kubelet sends; nothing else is served.</summary>
internal sealed class StatusSink : IApiClient
{
    private int version = 100;

    public List<JsonObject> Statuses { get; } = [];

    public List<(string Name, DeleteRequest? Request)> Deletes { get; } = [];

    public JsonObject? Last => Statuses.Count > 0 ? Statuses[^1] : null;

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        var written = (JsonObject)obj.DeepClone();
        written["metadata"]!["resourceVersion"] = (++version).ToString(CultureInfo.InvariantCulture);
        Statuses.Add((JsonObject)written["status"]!.DeepClone());
        return Task.FromResult(written);
    }

    public Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteRequest? request, CancellationToken cancellationToken)
    {
        Deletes.Add((name, request));
        return Task.FromResult(new JsonObject());
    }

    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> ListAsync(ResourceType type, string? @namespace, ListRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject obj, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> UpdateSubresourceAsync(ResourceType type, JsonObject obj, string subresource, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchRequest patch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? @namespace, WatchRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}
