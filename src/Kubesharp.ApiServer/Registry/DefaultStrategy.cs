using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Validation;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// The rules every kind shares: valid metadata (name rule per kind), and for kinds with a status
/// subresource, status that only /status can write (dropped on create, kept on update).
/// </summary>
internal class DefaultStrategy : IResourceStrategy
{
    public DefaultStrategy(bool hasStatusSubresource, bool returnDeletedObject)
    {
        HasStatusSubresource = hasStatusSubresource;
        ReturnDeletedObject = returnDeletedObject;
    }

    public bool HasStatusSubresource { get; }

    public bool ReturnDeletedObject { get; }

    public virtual void PrepareForCreate(JsonObject obj)
    {
        if (HasStatusSubresource)
        {
            obj.Remove("status");
        }

        ApplyDefaults(obj);
    }

    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old) => ApplyDefaults(obj);

    public virtual IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj["metadata"] as JsonObject, type.Namespaced, NameRules.For(type));
        return [.. errors.Select(e => new StatusCause(e.Reason, e.Body, e.Field))];
    }

    public virtual IReadOnlyList<StatusCause> ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old) => Validate(type, obj);

    public virtual bool PrepareForDelete(JsonObject obj) => false;

    /// <summary>
    /// The kind's field defaults (upstream's SetDefaults_*), applied on create and on every update
    /// so an unchanged object never differs from its stored form (and generation stays put).
    /// </summary>
    protected virtual void ApplyDefaults(JsonObject obj)
    {
    }

    /// <summary>The child object at <paramref name="name"/>, created empty when missing.</summary>
    protected static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            child = [];
            parent[name] = child;
        }

        return child;
    }
}
