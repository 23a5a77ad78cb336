using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.CustomResources;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.CustomResources;

/// <summary>
/// CustomResourceDefinitions: v1 defaults and validation, status owned by the server
/// (storedVersions from create on; conditions and acceptedNames from <see cref="CustomResourceDefinitionController"/>),
/// and a delete that first adds the cleanup finalizer and the Terminating condition so the
/// controller can remove the custom objects before the definition goes.
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : DefaultStrategy
{
    public CustomResourceDefinitionStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(),
            ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" },
            ["storedVersions"] = new JsonArray([.. StorageVersion(obj) is { } v ? [JsonValue.Create(v)] : Array.Empty<JsonNode?>()]),
        };
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var causes = CrdValidation.ValidateUpdate(obj, old).Select(e => new StatusCause(e.Reason, e.Body, e.Field)).ToList();
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(BuiltInResources.Get(CustomResourceDefinitions.Group, "customresourcedefinitions"), ObjectMeta.Name(obj) ?? "", causes);
        }

        // A new storage version joins storedVersions: objects may now exist in it.
        if (StorageVersion(obj) is { } storage && obj["status"] is JsonObject status)
        {
            if (status["storedVersions"] is not JsonArray stored)
            {
                stored = [];
                status["storedVersions"] = stored;
            }

            if (!stored.Any(s => s?.ToString() == storage))
            {
                stored.Add((JsonNode)JsonValue.Create(storage));
            }
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj) =>
        [
            .. base.Validate(type, obj),
            .. CrdValidation.Validate(obj).Select(e => new StatusCause(e.Reason, e.Body, e.Field)),
        ];

    /// <summary>
    /// The first delete keeps the definition: it gains the cleanup finalizer and Terminating=True;
    /// once the controller removed the finalizer the definition really goes.
    /// </summary>
    public override bool PrepareForDelete(JsonObject obj)
    {
        if (ObjectMeta.DeletionTimestamp(obj) is not null)
        {
            return false;
        }

        var finalizers = ObjectMeta.Finalizers(obj).ToList();
        if (!finalizers.Contains(CustomResourceDefinitions.CleanupFinalizer))
        {
            finalizers.Add(CustomResourceDefinitions.CleanupFinalizer);
            ObjectMeta.SetFinalizers(obj, finalizers);
        }

        CrdConditions.Set(obj, "Terminating", "True", "InstanceDeletionPending", "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", DateTimeOffset.UtcNow);
        return true;
    }

    protected override void ApplyDefaults(JsonObject obj) => CrdDefaults.Apply(obj);

    private static string? StorageVersion(JsonObject crd) =>
        ((crd["spec"] as JsonObject)?["versions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"] is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.True)?["name"]?.ToString();
}
