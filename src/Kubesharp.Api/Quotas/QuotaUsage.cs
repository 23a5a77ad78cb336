using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Api.Quotas;

/// <summary>
/// What one object costs a ResourceQuota (upstream's quota evaluators): <c>count/&lt;resource&gt;</c>
/// for every object, the legacy counts (pods, services, configmaps, …), compute requests and limits
/// of pods that are not finished, node ports and load balancers of services, requests.storage of claims.
/// </summary>
public static class QuotaUsage
{
    private static readonly Dictionary<string, string> LegacyCounts = new(StringComparer.Ordinal)
    {
        ["services"] = "services",
        ["configmaps"] = "configmaps",
        ["secrets"] = "secrets",
        ["persistentvolumeclaims"] = "persistentvolumeclaims",
        ["replicationcontrollers"] = "replicationcontrollers",
        ["resourcequotas"] = "resourcequotas",
    };

    /// <summary>upstream's object count name: <c>count/pods</c>, <c>count/deployments.apps</c>.</summary>
    public static string CountName(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Group.Length == 0 ? $"count/{type.Plural}" : $"count/{type.Plural}.{type.Group}";
    }

    /// <summary>The usage of <paramref name="obj"/>, zeros left out.</summary>
    public static Dictionary<string, decimal> Of(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var usage = new Dictionary<string, decimal>(StringComparer.Ordinal) { [CountName(type)] = 1 };
        if (type.Group.Length != 0)
        {
            return usage;
        }

        if (LegacyCounts.TryGetValue(type.Plural, out var legacy))
        {
            usage[legacy] = 1;
        }

        switch (type.Plural)
        {
            case "pods":
                AddPod(obj, usage);
                break;
            case "services":
                AddService(obj, usage);
                break;
            case "persistentvolumeclaims":
                if (Quantity.TryParse(Quantity.Text(obj["spec"]?["resources"]?["requests"]?["storage"]), out var storage) && storage > 0)
                {
                    usage["requests.storage"] = storage;
                }

                break;
        }

        return usage;
    }

    /// <summary>Whether quota resource <paramref name="name"/> is one objects of <paramref name="type"/> can use.</summary>
    public static bool Covers(ResourceType type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (name == CountName(type) || (type.Group.Length == 0 && LegacyCounts.TryGetValue(type.Plural, out var legacy) && legacy == name))
        {
            return true;
        }

        return (type.Group, type.Plural) switch
        {
            ("", "pods") => name is "pods" or "cpu" or "memory" or "ephemeral-storage" || name.StartsWith("requests.", StringComparison.Ordinal) || name.StartsWith("limits.", StringComparison.Ordinal),
            ("", "services") => name is "services.nodeports" or "services.loadbalancers",
            ("", "persistentvolumeclaims") => name == "requests.storage",
            _ => false,
        };
    }

    /// <summary>A pod counts for compute and "pods" only until it finishes (upstream's QuotaV1Pod).</summary>
    public static bool IsLivePod(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return (pod["status"]?["phase"] as JsonValue)?.ToString() is not ("Succeeded" or "Failed");
    }

    private static void AddPod(JsonObject pod, Dictionary<string, decimal> usage)
    {
        if (!IsLivePod(pod))
        {
            return;
        }

        usage["pods"] = 1;
        foreach (var (name, value) in PodResources.Effective(pod, "requests"))
        {
            usage["requests." + name] = value;
            if (name is "cpu" or "memory" or "ephemeral-storage")
            {
                usage[name] = value;
            }
        }

        foreach (var (name, value) in PodResources.Effective(pod, "limits"))
        {
            usage["limits." + name] = value;
        }
    }

    private static void AddService(JsonObject service, Dictionary<string, decimal> usage)
    {
        var type = (service["spec"]?["type"] as JsonValue)?.ToString();
        var ports = (service["spec"]?["ports"] as JsonArray)?.Count ?? 0;
        if (type is "NodePort" or "LoadBalancer" && ports > 0)
        {
            usage["services.nodeports"] = ports;
        }

        if (type == "LoadBalancer")
        {
            usage["services.loadbalancers"] = 1;
        }
    }
}
