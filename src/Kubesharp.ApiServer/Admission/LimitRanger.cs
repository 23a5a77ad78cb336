using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quantities;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// upstream's LimitRanger for pods: the namespace's LimitRange "Container" items default missing
/// requests and limits of every container (default, defaultRequest, with upstream's fallbacks
/// max → default → defaultRequest and min → defaultRequest) and enforce min and max (403).
/// </summary>
internal sealed class LimitRanger(IAdmissionLister lister) : IAdmissionPlugin
{
    private static readonly string[] ContainerFields = ["initContainers", "containers"];
    private static readonly ResourceType LimitRanges = BuiltInResources.Get("", "limitranges");

    public async Task AdmitCreateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type.Group.Length != 0 || request.Type.Plural != "pods" || request.Namespace is null)
        {
            return;
        }

        var ranges = await lister.ListAsync(LimitRanges, request.Namespace, cancellationToken);
        if (ranges.Count == 0)
        {
            return;
        }

        var items = ranges.Select(ObjectCodec.Decode)
            .SelectMany(r => (r["spec"]?["limits"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(i => (i["type"] as JsonValue)?.ToString() == "Container")
            .ToList();
        var containers = ContainerFields.SelectMany(f => (request.Body["spec"]?[f] as JsonArray ?? []).OfType<JsonObject>()).ToList();
        var set = new List<string>();
        foreach (var item in items)
        {
            var (limits, requests) = Defaults(item);
            foreach (var container in containers)
            {
                var changed = Merge(container, "requests", requests) | Merge(container, "limits", limits);
                if (changed)
                {
                    set.Add((container["name"] as JsonValue)?.ToString() ?? string.Empty);
                }
            }
        }

        if (set.Count > 0)
        {
            Annotate(request.Body, set);
        }

        var errors = new List<string>();
        foreach (var item in items)
        {
            foreach (var container in containers)
            {
                Enforce(item, container, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw AdmissionErrors.Forbidden(request, errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
        }
    }

    /// <summary>The item's default limits and requests with SetDefaults_LimitRangeItem's fallbacks.</summary>
    private static (JsonObject Limits, JsonObject Requests) Defaults(JsonObject item)
    {
        var limits = item["default"]?.DeepClone() as JsonObject ?? [];
        foreach (var (name, value) in item["max"] as JsonObject ?? [])
        {
            limits[name] ??= value?.DeepClone();
        }

        var requests = item["defaultRequest"]?.DeepClone() as JsonObject ?? [];
        foreach (var source in new[] { limits, item["min"] as JsonObject ?? [] })
        {
            foreach (var (name, value) in source)
            {
                requests[name] ??= value?.DeepClone();
            }
        }

        return (limits, requests);
    }

    private static bool Merge(JsonObject container, string field, JsonObject defaults)
    {
        if (defaults.Count == 0)
        {
            return false;
        }

        if (container["resources"] is not JsonObject resources)
        {
            resources = [];
            container["resources"] = resources;
        }

        if (resources[field] is not JsonObject list)
        {
            list = [];
            resources[field] = list;
        }

        var changed = false;
        foreach (var (name, value) in defaults)
        {
            if (list[name] is null)
            {
                list[name] = value?.DeepClone();
                changed = true;
            }
        }

        return changed;
    }

    private static void Enforce(JsonObject item, JsonObject container, List<string> errors)
    {
        var requests = container["resources"]?["requests"] as JsonObject;
        var limits = container["resources"]?["limits"] as JsonObject;
        foreach (var (name, value) in item["min"] as JsonObject ?? [])
        {
            var min = Quantity.Text(value);
            var request = Quantity.Text(requests?[name]);
            var limit = Quantity.Text(limits?[name]);
            if (request is null)
            {
                errors.Add($"minimum {name} usage per Container is {min}.  No request is specified");
            }
            else if (Less(request, min))
            {
                errors.Add($"minimum {name} usage per Container is {min}, but request is {request}");
            }
            else if (limit is not null && Less(limit, min))
            {
                errors.Add($"minimum {name} usage per Container is {min}, but limit is {limit}");
            }
        }

        foreach (var (name, value) in item["max"] as JsonObject ?? [])
        {
            var max = Quantity.Text(value);
            var request = Quantity.Text(requests?[name]);
            var limit = Quantity.Text(limits?[name]);
            if (limit is null)
            {
                errors.Add($"maximum {name} usage per Container is {max}.  No limit is specified");
            }
            else if (Less(max, limit))
            {
                errors.Add($"maximum {name} usage per Container is {max}, but limit is {limit}");
            }
            else if (request is not null && Less(max, request))
            {
                errors.Add($"maximum {name} usage per Container is {max}, but request is {request}");
            }
        }
    }

    private static bool Less(string? a, string? b) =>
        Quantity.TryParse(a, out var x) && Quantity.TryParse(b, out var y) && x < y;

    private static void Annotate(JsonObject pod, List<string> containers)
    {
        var metadata = (JsonObject)pod["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations["kubernetes.io/limit-ranger"] = "LimitRanger plugin set: " + string.Join("; ", containers.Distinct().Select(c => $"resources for container {c}"));
    }
}
