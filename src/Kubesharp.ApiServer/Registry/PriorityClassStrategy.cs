using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// scheduling.k8s.io/v1 PriorityClasses (upstream's priorityclass strategy and validation):
/// preemptionPolicy defaults to PreemptLowerPriority; user classes stay at or below one billion;
/// the "system-" prefix is reserved for the built-in classes with their exact values; value and
/// preemptionPolicy cannot change after creation.
/// </summary>
internal sealed class PriorityClassStrategy : DefaultStrategy
{
    // scheduling.HighestUserDefinablePriority.
    public const long HighestUserDefinablePriority = 1_000_000_000;
    public const string SystemPrefix = "system-";
    public const string PreemptLowerPriority = "PreemptLowerPriority";

    public PriorityClassStrategy()
        : base(hasStatusSubresource: false, returnDeletedObject: false)
    {
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        var causes = new List<StatusCause>();
        if (Subresources.JsonInteger.Get(obj["value"]) != Subresources.JsonInteger.Get(old["value"]))
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: may not be changed in an update.", "value"));
        }

        if (!JsonNode.DeepEquals(obj["preemptionPolicy"], old["preemptionPolicy"]))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{Text(obj["preemptionPolicy"])}\": field is immutable", "preemptionPolicy"));
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(BuiltInResources.Get("scheduling.k8s.io", "priorityclasses"), (string?)obj["metadata"]?["name"] ?? "", causes);
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj)
    {
        var causes = base.Validate(type, obj).ToList();
        var name = (obj["metadata"]?["name"] as JsonValue)?.ToString() ?? "";
        var value = Subresources.JsonInteger.Get(obj["value"]);
        var globalDefault = obj["globalDefault"] is JsonValue g && g.GetValueKind() == JsonValueKind.True;
        if (name.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            if (SystemPriorityClasses.Find(name) is not { } known)
            {
                causes.Add(new StatusCause("FieldValueForbidden", $"Forbidden: priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: {name} is not a known system priority class", "metadata.name"));
            }
            else if (known.Value != value || globalDefault)
            {
                causes.Add(new StatusCause("FieldValueForbidden", $"Forbidden: priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: value of {name} PriorityClass must be {known.Value.ToString(CultureInfo.InvariantCulture)}", "metadata.name"));
            }
        }
        else if (value > HighestUserDefinablePriority)
        {
            causes.Add(new StatusCause("FieldValueForbidden", $"Forbidden: maximum allowed value of a user defined priority is {HighestUserDefinablePriority.ToString(CultureInfo.InvariantCulture)}", "value"));
        }

        if (obj["preemptionPolicy"] is { } policy && Text(policy) is not ("Never" or PreemptLowerPriority))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{Text(policy)}\": supported values: \"Never\", \"PreemptLowerPriority\"", "preemptionPolicy"));
        }

        return causes;
    }

    protected override void ApplyDefaults(JsonObject obj) => obj["preemptionPolicy"] ??= PreemptLowerPriority;

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
}
