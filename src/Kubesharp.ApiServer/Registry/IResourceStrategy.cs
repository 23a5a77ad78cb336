using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// What differs between resources: the registry does CRUD/watch the same way for every kind and
/// asks the strategy only for defaulting, validation and status/deletion rules.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>Whether status is written only through the /status subresource.</summary>
    bool HasStatusSubresource { get; }

    /// <summary>Whether a finished delete answers with the deleted object rather than a Success Status.</summary>
    bool ReturnDeletedObject { get; }

    /// <summary>Defaults a new object before validation (metadata is already set).</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Carries over what an update may not change; <paramref name="old"/> is the stored object.</summary>
    void PrepareForUpdate(JsonObject obj, JsonObject old);

    /// <summary>Field errors of the object; empty when valid.</summary>
    IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj);

    /// <summary>Field errors of an updated object (<paramref name="old"/> is the stored one); by default those of <see cref="Validate"/>.</summary>
    IReadOnlyList<StatusCause> ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old) => Validate(type, obj);

    /// <summary>
    /// Called when a delete is asked for; true keeps the object (marked with deletionTimestamp)
    /// because something must still happen first, e.g. a namespace's contents be removed.
    /// </summary>
    bool PrepareForDelete(JsonObject obj);
}
