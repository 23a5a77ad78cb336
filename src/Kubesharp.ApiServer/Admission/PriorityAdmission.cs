using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// upstream's Priority admission plugin. A new pod gets spec.priority (and preemptionPolicy) from
/// its spec.priorityClassName, or from the global default class (its name too) when it names
/// none, else priority 0; an unknown class, or a priority/policy in the pod that differs from
/// the class's, is 403 Forbidden. A second global default PriorityClass (created, or an existing
/// class marked so) is refused likewise.
/// </summary>
internal sealed class PriorityAdmission(IAdmissionLister lister) : IAdmissionPlugin
{
    private static readonly ResourceType PriorityClasses = BuiltInResources.Get("scheduling.k8s.io", "priorityclasses");

    public async Task AdmitCreateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        switch (request.Type.Group, request.Type.Plural)
        {
            case ("", "pods"):
                await AdmitPodAsync(request, cancellationToken);
                break;
            case ("scheduling.k8s.io", "priorityclasses") when request.Body["globalDefault"] is JsonValue g && g.GetValueKind() == JsonValueKind.True:
                if (await DefaultClassAsync(cancellationToken) is { } existing)
                {
                    throw OnlyOneDefault(request, existing);
                }

                break;
        }
    }

    /// <summary>Marking a class global default while another one is refused too; the default itself may be updated.</summary>
    public async Task AdmitUpdateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type.Group == "scheduling.k8s.io" && request.Type.Plural == "priorityclasses"
            && request.Body["globalDefault"] is JsonValue g && g.GetValueKind() == JsonValueKind.True
            && await DefaultClassAsync(cancellationToken) is { } existing && Name(existing) != request.RequestedName)
        {
            throw OnlyOneDefault(request, existing);
        }
    }

    private static Errors.ApiException OnlyOneDefault(AdmissionRequest request, JsonObject existing) =>
        AdmissionErrors.Forbidden(request, $"PriorityClass {Name(existing)} is already marked as default. Only one default can exist");

    private async Task AdmitPodAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Body["spec"] is not JsonObject spec)
        {
            return;
        }

        var className = spec["priorityClassName"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
        long priority;
        string? policy;
        if (className.Length == 0)
        {
            var fallback = await DefaultClassAsync(cancellationToken);
            if (fallback is not null)
            {
                spec["priorityClassName"] = Name(fallback);
            }

            priority = fallback is null ? 0 : Value(fallback);
            policy = fallback is null ? PriorityClassStrategy.PreemptLowerPriority : Policy(fallback);
        }
        else
        {
            var kv = await lister.GetAsync(PriorityClasses, null, className, cancellationToken)
                ?? throw AdmissionErrors.Forbidden(request, $"no PriorityClass with name {className} was found");
            var found = ObjectCodec.Decode(kv);
            priority = Value(found);
            policy = Policy(found);
        }

        if (JsonInteger.TryGet(spec["priority"], out var given) && given != priority)
        {
            throw AdmissionErrors.Forbidden(request, string.Create(CultureInfo.InvariantCulture, $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"));
        }

        spec["priority"] = priority;
        if (policy is not null)
        {
            if (spec["preemptionPolicy"] is JsonValue pp && pp.TryGetValue<string>(out var givenPolicy) && givenPolicy != policy)
            {
                throw AdmissionErrors.Forbidden(request, $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
            }

            spec["preemptionPolicy"] = policy;
        }
    }

    /// <summary>The global default class; with several, the one of lowest value, as upstream.</summary>
    private async Task<JsonObject?> DefaultClassAsync(CancellationToken cancellationToken)
    {
        var classes = await lister.ListAsync(PriorityClasses, null, cancellationToken);
        return classes
            .Select(ObjectCodec.Decode)
            .Where(c => c["globalDefault"] is JsonValue g && g.GetValueKind() == JsonValueKind.True)
            .OrderBy(Value)
            .FirstOrDefault();
    }

    private static string Name(JsonObject pc) => (pc["metadata"]?["name"] as JsonValue)?.ToString() ?? "";

    private static long Value(JsonObject pc) => JsonInteger.Get(pc["value"]);

    private static string? Policy(JsonObject pc) => pc["preemptionPolicy"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
