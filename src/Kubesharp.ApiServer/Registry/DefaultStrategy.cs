using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// The rules every kind shares: a valid DNS-1123 subdomain name, and for kinds with a status
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
    }

    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    public virtual IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj)
    {
        var name = Api.Objects.ObjectMeta.Name(obj) ?? "";
        var problem = NameRules.CheckName(type, name);
        return problem is null ? [] : [problem];
    }

    public virtual bool PrepareForDelete(JsonObject obj) => false;
}
