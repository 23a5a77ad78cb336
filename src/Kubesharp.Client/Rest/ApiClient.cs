using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Transport;

namespace Kubesharp.Client.Rest;

/// <summary>The REST verbs over any <see cref="IApiTransport"/>; bodies are JSON nodes (no reflection).</summary>
internal sealed class ApiClient(IApiTransport transport) : IApiClient
{
    public Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ApiPaths.Item(type, @namespace, name), null, null, cancellationToken);

    public Task<JsonObject> ListAsync(ResourceType type, string? @namespace, ListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new ApiPaths.Query(ApiPaths.Collection(type, @namespace))
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector)
            .Add("limit", request.Limit?.ToString(CultureInfo.InvariantCulture))
            .Add("continue", request.Continue)
            .Add("resourceVersion", request.ResourceVersion);
        return SendAsync(HttpMethod.Get, query.ToString(), null, null, cancellationToken);
    }

    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = type.Namespaced ? @namespace ?? ObjectKeys.Namespace(obj) : null;
        return SendAsync(HttpMethod.Post, ApiPaths.Collection(type, ns), Serialize(obj), "application/json", cancellationToken);
    }

    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        Replace(type, obj, null, cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        Replace(type, obj, "status", cancellationToken);

    public Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SendAsync(HttpMethod.Post, ApiPaths.Item(type, @namespace, name, subresource), Serialize(body), "application/json", cancellationToken);
    }

    public Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ApiPaths.Item(type, @namespace, name, subresource), null, null, cancellationToken);

    public Task<JsonObject> UpdateSubresourceAsync(ResourceType type, JsonObject obj, string subresource, CancellationToken cancellationToken) =>
        Replace(type, obj, subresource, cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchRequest patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var query = new ApiPaths.Query(ApiPaths.Item(type, @namespace, name))
            .Add("fieldManager", patch.FieldManager)
            .Add("force", patch.Force ? "true" : null);
        return SendAsync(HttpMethod.Patch, query.ToString(), Encoding.UTF8.GetBytes(patch.Body), patch.ContentType, cancellationToken);
    }

    public Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteRequest? request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request is not null)
        {
            var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
            if (request.PropagationPolicy is { } policy)
            {
                options["propagationPolicy"] = policy;
            }

            if (request.GracePeriodSeconds is { } grace)
            {
                options["gracePeriodSeconds"] = grace;
            }

            if (request.PreconditionUid is not null || request.PreconditionResourceVersion is not null)
            {
                var preconditions = new JsonObject();
                if (request.PreconditionUid is { } uid)
                {
                    preconditions["uid"] = uid;
                }

                if (request.PreconditionResourceVersion is { } rv)
                {
                    preconditions["resourceVersion"] = rv;
                }

                options["preconditions"] = preconditions;
            }

            body = Serialize(options);
        }

        return SendAsync(HttpMethod.Delete, ApiPaths.Item(type, @namespace, name), body, "application/json", cancellationToken);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ResourceType type,
        string? @namespace,
        WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new ApiPaths.Query(ApiPaths.Collection(type, @namespace))
            .Add("watch", "true")
            .Add("resourceVersion", request.ResourceVersion)
            .Add("allowWatchBookmarks", request.AllowWatchBookmarks ? "true" : null)
            .Add("timeoutSeconds", request.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture))
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector);
        await using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, query.ToString(), Streaming: true), cancellationToken);
        if (!response.IsSuccess)
        {
            throw await ErrorAsync(response, cancellationToken);
        }

        await foreach (var e in WatchStreamReader.ReadAsync(response.Body, cancellationToken))
        {
            yield return e;
        }
    }

    private Task<JsonObject> Replace(ResourceType type, JsonObject obj, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = ObjectKeys.Name(obj) ?? throw new ArgumentException("object has no metadata.name", nameof(obj));
        var path = ApiPaths.Item(type, type.Namespaced ? ObjectKeys.Namespace(obj) : null, name, subresource);
        return SendAsync(HttpMethod.Put, path, Serialize(obj), "application/json", cancellationToken);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, byte[]? body, string? contentType, CancellationToken cancellationToken)
    {
        // Spelled out: a null byte[] would otherwise convert to an empty, non-null body.
        var request = new ApiRequest(method, path, body is null ? (ReadOnlyMemory<byte>?)null : body, contentType);
        await using var response = await transport.SendAsync(request, cancellationToken);
        if (!response.IsSuccess)
        {
            throw await ErrorAsync(response, cancellationToken);
        }

        var node = await JsonNode.ParseAsync(response.Body, cancellationToken: cancellationToken);
        return node as JsonObject ?? throw new InvalidDataException($"{method} {path}: the response is not a JSON object");
    }

    private static async Task<ApiException> ErrorAsync(ApiResponse response, CancellationToken cancellationToken)
    {
        JsonObject? status = null;
        try
        {
            status = await JsonNode.ParseAsync(response.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            // Not every failure has a Status body (a proxy in between, say); the code still tells what happened.
        }

        return ApiException.FromStatus(status, response.StatusCode);
    }

    private static byte[] Serialize(JsonObject obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            obj.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
