using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Scheduler.Model;

/// <summary>Reads resource lists (requests, capacity, allocatable) into <see cref="Resources"/>.</summary>
internal static class ResourceReader
{
    public static Resources Read(JsonNode? list)
    {
        if (list is not JsonObject resources)
        {
            return Resources.Zero;
        }

        long cpu = 0, memory = 0, storage = 0;
        var extended = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in resources)
        {
            var text = Quantity.Text(value);
            switch (name)
            {
                case "cpu": cpu = Quantity.Milli(text); break;
                case "memory": memory = Quantity.Whole(text); break;
                case "ephemeral-storage": storage = Quantity.Whole(text); break;
                case "pods": break;
                default:
                    if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith("hugepages-", StringComparison.Ordinal))
                    {
                        extended[name] = Quantity.Whole(text);
                    }

                    break;
            }
        }

        return new Resources(cpu, memory, storage, extended);
    }

    /// <summary>What a pod asks for, as upstream computes it: max(sum of containers, largest init container) + overhead.</summary>
    public static Resources PodRequests(JsonObject pod)
    {
        var spec = pod["spec"];
        var sum = Resources.Zero;
        foreach (var container in spec?["containers"] as JsonArray ?? [])
        {
            sum = sum.Plus(Read(container?["resources"]?["requests"]));
        }

        foreach (var init in spec?["initContainers"] as JsonArray ?? [])
        {
            sum = sum.Max(Read(init?["resources"]?["requests"]));
        }

        return sum.Plus(Read(spec?["overhead"]));
    }
}
