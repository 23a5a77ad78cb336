using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Client.Rest;

/// <summary>
/// The typed client: the upstream REST verbs for any resource of the catalogue, objects as JSON.
/// <paramref name="namespace"/> arguments are ignored (pass null) for cluster-scoped resources.
/// Failures throw <see cref="ApiException"/> with the server's metav1.Status.
/// </summary>
public interface IApiClient
{
    Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken);

    /// <summary>One page of a list (a *List object with items and metadata.resourceVersion/continue).</summary>
    Task<JsonObject> ListAsync(ResourceType type, string? @namespace, ListRequest request, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="obj"/>; the namespace comes from the argument, else from metadata.</summary>
    Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>Replaces the object named in <paramref name="obj"/>'s metadata; its resourceVersion makes it conditional.</summary>
    Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>Replaces the status subresource of the object named in <paramref name="obj"/>'s metadata.</summary>
    Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>POSTs <paramref name="body"/> to a subresource of an object (pods/binding, pods/eviction, serviceaccounts/token).</summary>
    Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, CancellationToken cancellationToken);

    /// <summary>GETs a subresource of an object (deployments/scale).</summary>
    Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken);

    /// <summary>PUTs a subresource of the object named in <paramref name="obj"/>'s metadata (deployments/scale); its resourceVersion makes it conditional.</summary>
    Task<JsonObject> UpdateSubresourceAsync(ResourceType type, JsonObject obj, string subresource, CancellationToken cancellationToken);

    Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchRequest patch, CancellationToken cancellationToken);

    /// <summary>Deletes; returns what the server returned (the object, or a Status).</summary>
    Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteRequest? request, CancellationToken cancellationToken);

    /// <summary>
    /// Streams watch events until the server ends the watch or <paramref name="cancellationToken"/>
    /// fires. An ERROR event is yielded, not thrown, so callers see its Status (e.g. 410 Gone).
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? @namespace, WatchRequest request, CancellationToken cancellationToken);
}
