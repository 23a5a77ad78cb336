using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.CustomResources;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.CustomResources;

/// <summary>
/// Custom objects (upstream's customresource strategy): no built-in defaults; unknown fields are
/// pruned and schema defaults applied on every write, then the object is validated against the
/// version's structural schema. Status is a subresource only when the CRD says so.
/// </summary>
internal sealed class CustomResourceStrategy : DefaultStrategy
{
    private readonly CustomResourceVersion _version;

    public CustomResourceStrategy(CustomResourceVersion version)
        : base(version.HasStatus, returnDeletedObject: false) => _version = version;

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj)
    {
        // Pruning and defaulting are part of decoding upstream, so they happen on every write path,
        // /status and /scale included; repeating them here is idempotent.
        ApplyDefaults(obj);
        var causes = base.Validate(type, obj).ToList();
        if (_version.Schema is { } schema)
        {
            causes.AddRange(SchemaValidator.Validate(obj, schema).Select(e => new StatusCause(e.Reason, e.Body, e.Field)));
        }

        return causes;
    }

    /// <summary>Prunes what the schema does not know, then fills its defaults.</summary>
    protected override void ApplyDefaults(JsonObject obj)
    {
        if (_version.Schema is { } schema)
        {
            SchemaPruner.Prune(obj, schema);
            SchemaDefaulter.Apply(obj, schema);
        }
    }

    /// <summary>What a read returns: the object in the requested version (conversion None) with current defaults.</summary>
    public static JsonObject ForRead(ResourceType type, JsonObject obj)
    {
        if (type.Custom?.Schema is { } schema)
        {
            SchemaDefaulter.Apply(obj, schema);
        }

        if (obj["apiVersion"] is JsonValue v && v.ToString() != type.ApiVersion)
        {
            obj["apiVersion"] = type.ApiVersion;
        }

        return obj;
    }
}
