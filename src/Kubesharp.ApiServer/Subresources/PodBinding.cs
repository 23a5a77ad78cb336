using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>
/// pods/binding (upstream's BindingREST): assigns a pod to a node once. spec.nodeName is set only
/// while empty, the binding's annotations are copied onto the pod and the PodScheduled condition
/// becomes True, all in one guaranteed update of the pod.
/// </summary>
public sealed class PodBinding
{
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;

    public PodBinding(ResourceRegistry registry, TimeProvider? time = null)
    {
        _registry = registry;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Binds the pod <paramref name="pod"/> as <paramref name="binding"/> (a v1 Binding) asks; returns the updated pod.</summary>
    public async Task<JsonObject> BindAsync(ObjectRef pod, JsonObject binding, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(binding);
        CheckTypeMeta(binding);
        if (ObjectMeta.Name(binding) != pod.Name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Binding object");
        }

        var target = binding["target"] as JsonObject;
        var kind = Text(target?["kind"]);
        var node = Text(target?["name"]);
        var causes = new List<StatusCause>();
        if (kind is not (null or "" or "Node"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{kind}\": supported values: \"Node\", \"<empty>\"", "target.kind"));
        }

        if (string.IsNullOrEmpty(node))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "target.name"));
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(pod.Type with { Kind = "Binding" }, pod.Name, causes);
        }

        var annotations = ObjectMeta.Annotations(binding);
        return await _registry.GuaranteedUpdateAsync(
            pod,
            null,
            current =>
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(pod.Type, pod.Name);
                }

                if (ObjectMeta.DeletionTimestamp(current) is not null)
                {
                    throw BindingConflict(pod.Name, $"pod {pod.Name} is being deleted, cannot be assigned to a host");
                }

                if (current["spec"] is not JsonObject spec)
                {
                    spec = [];
                    current["spec"] = spec;
                }

                if (Text(spec["nodeName"]) is { Length: > 0 } assigned)
                {
                    throw BindingConflict(pod.Name, $"pod {pod.Name} is already assigned to node \"{assigned}\"");
                }

                spec["nodeName"] = node;
                if (annotations.Count > 0)
                {
                    var metadata = ObjectMeta.Metadata(current);
                    if (metadata["annotations"] is not JsonObject podAnnotations)
                    {
                        podAnnotations = [];
                        metadata["annotations"] = podAnnotations;
                    }

                    foreach (var (key, value) in annotations)
                    {
                        podAnnotations[key] = value;
                    }
                }

                SetScheduledCondition(current);
                return current;
            },
            // The pod's status changes too, so the write must not be held to the main resource's rules.
            "binding",
            new WriteOptions(dryRun),
            cancellationToken);
    }

    /// <summary>podutil.UpdatePodCondition: PodScheduled=True, the transition time kept when it was already True.</summary>
    private void SetScheduledCondition(JsonObject pod)
    {
        if (pod["status"] is not JsonObject status)
        {
            status = [];
            pod["status"] = status;
        }

        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == "PodScheduled");
        var condition = new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = existing is not null && Text(existing["status"]) == "True" ? existing["lastTransitionTime"]?.DeepClone() : now,
        };
        if (existing is null)
        {
            conditions.Add((JsonNode)condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    private static void CheckTypeMeta(JsonObject binding)
    {
        var kind = Text(binding["kind"]);
        if (!string.IsNullOrEmpty(kind) && kind != "Binding")
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Binding)");
        }

        var apiVersion = Text(binding["apiVersion"]);
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != "v1")
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (v1)");
        }
    }

    private static ApiException BindingConflict(string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{name}\": {why}", new StatusDetails(name, null, "pods/binding"));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
