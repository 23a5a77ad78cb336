using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.Api.Selectors;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>
/// The /scale subresource of deployments, replicasets, statefulsets and replicationcontrollers
/// (upstream's ScaleREST): an autoscaling/v1 Scale view of the parent whose only writable field,
/// spec.replicas, is written back into the parent through the registry's guaranteed update.
/// </summary>
public sealed class Scales
{
    public const string ApiVersion = "autoscaling/v1";
    public const string Kind = "Scale";

    private readonly ResourceRegistry _registry;

    public Scales(ResourceRegistry registry) => _registry = registry;

    public async Task<JsonObject> GetAsync(ObjectRef parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return ScaleOf(parent, await _registry.GetAsync(parent, cancellationToken));
    }

    /// <summary>
    /// Computes the new Scale from the current one (<paramref name="change"/>: a PUT body or a patch)
    /// and sets the parent's spec.replicas from it. A resourceVersion in the new Scale is a
    /// precondition on the parent (409 Conflict when stale), a uid one too, as upstream.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(ObjectRef parent, Func<JsonObject, JsonObject> change, WriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(change);
        var updated = await _registry.GuaranteedUpdateAsync(
            parent,
            null,
            current =>
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(parent.Type, parent.Name);
                }

                var scale = change(ScaleOf(parent, current));
                var replicas = Validate(parent.Name, scale);
                if (ObjectMeta.Uid(scale) is { } uid && uid != ObjectMeta.Uid(current))
                {
                    throw ApiErrors.Conflict(parent.Type, parent.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(current)}");
                }

                if (ObjectMeta.ResourceVersion(scale) is { Length: > 0 } rv && rv != ObjectMeta.ResourceVersion(current))
                {
                    throw ApiErrors.Modified(parent.Type, parent.Name);
                }

                if (parent.Type.Custom?.Scale is { } paths)
                {
                    CustomResources.CustomResourceScale.SetReplicas(paths, current, replicas);
                    return current;
                }

                if (current["spec"] is not JsonObject spec)
                {
                    spec = [];
                    current["spec"] = spec;
                }

                spec["replicas"] = replicas;
                return current;
            },
            "scale",
            options,
            cancellationToken);
        return ScaleOf(parent, updated);
    }

    /// <summary>Custom resources keep replicas where their CRD's scale paths say; built-ins in spec/status.replicas.</summary>
    private static JsonObject ScaleOf(ObjectRef parent, JsonObject obj) =>
        parent.Type.Custom?.Scale is { } paths ? CustomResources.CustomResourceScale.FromObject(paths, obj) : FromParent(obj);

    /// <summary>The Scale of a parent object: its identity, spec.replicas, status.replicas and selector.</summary>
    public static JsonObject FromParent(JsonObject parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (ObjectMeta.GetString(parent, field) is { } value)
            {
                metadata[field] = value;
            }
        }

        var parentSpec = parent["spec"] as JsonObject;
        // Every scalable kind defaults spec.replicas to 1; an object stored without it reads so.
        var replicas = JsonInteger.Get(parentSpec?["replicas"], 1);
        var spec = new JsonObject();
        if (replicas != 0)
        {
            spec["replicas"] = replicas; // omitempty upstream
        }

        var statusReplicas = JsonInteger.Get((parent["status"] as JsonObject)?["replicas"]);
        var status = new JsonObject { ["replicas"] = statusReplicas };
        if (Selector(parentSpec?["selector"]) is { Length: > 0 } selector)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = ApiVersion,
            ["metadata"] = metadata,
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    /// <summary>
    /// The selector as label-selector text: a metav1.LabelSelector (apps) or, for
    /// replicationcontrollers, a plain map of labels.
    /// </summary>
    private static string? Selector(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return null;
        }

        var asLabelSelector = obj.ContainsKey("matchLabels") || obj.ContainsKey("matchExpressions") ? obj : new JsonObject { ["matchLabels"] = obj.DeepClone() };
        try
        {
            return LabelSelector.FromObject(asLabelSelector).ToString();
        }
        catch (SelectorException)
        {
            // An invalid stored selector selects nothing; the Scale then carries none.
            return null;
        }
    }

    private static long Validate(string name, JsonObject scale)
    {
        var kind = scale["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        if (!string.IsNullOrEmpty(kind) && kind != Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({Kind})");
        }

        if (ObjectMeta.Name(scale) is { } bodyName && bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var node = (scale["spec"] as JsonObject)?["replicas"];
        long replicas = 0;
        if (node is not null && !JsonInteger.TryGet(node, out replicas))
        {
            throw Invalid(name, new StatusCause("FieldValueInvalid", $"Invalid value: {node.ToJsonString()}: must be an integer", "spec.replicas"));
        }

        if (replicas < 0)
        {
            throw Invalid(name, new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas"));
        }

        return replicas;
    }

    private static ApiException Invalid(string name, StatusCause cause) =>
        new(422, "Invalid", $"Scale.autoscaling \"{name}\" is invalid: {cause.Field}: {cause.Message}", new StatusDetails(name, "autoscaling", Kind, [cause]));
}
