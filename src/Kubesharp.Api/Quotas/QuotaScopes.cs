using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Quantities;

namespace Kubesharp.Api.Quotas;

/// <summary>
/// Which objects a scoped ResourceQuota covers, as upstream's pod evaluator decides it: every name in
/// spec.scopes and every spec.scopeSelector expression must match. Terminating: the pod has
/// activeDeadlineSeconds; BestEffort: no container requests or limits cpu or memory; PriorityClass:
/// its priorityClassName against In/NotIn/Exists/DoesNotExist. Scopes describe pods only, so a
/// scoped quota covers no other kind of object.
/// </summary>
public static class QuotaScopes
{
    private static readonly string[] ComputeResources = ["cpu", "memory"];

    public static bool HasScopes(JsonObject quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return quota["spec"]?["scopes"] is JsonArray { Count: > 0 } || quota["spec"]?["scopeSelector"]?["matchExpressions"] is JsonArray { Count: > 0 };
    }

    /// <summary>Whether <paramref name="quota"/>'s scopes admit <paramref name="obj"/> (true for an unscoped quota).</summary>
    public static bool Covers(JsonObject quota, ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (!HasScopes(quota))
        {
            return true;
        }

        if (type.Group.Length != 0 || type.Plural != "pods")
        {
            return false;
        }

        foreach (var scope in quota["spec"]?["scopes"] as JsonArray ?? [])
        {
            if (!Matches(scope?.GetValue<string>(), null, [], obj))
            {
                return false;
            }
        }

        foreach (var expression in quota["spec"]?["scopeSelector"]?["matchExpressions"] as JsonArray ?? [])
        {
            var values = (expression?["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).OfType<string>().ToArray();
            if (!Matches(expression?["scopeName"]?.GetValue<string>(), expression?["operator"]?.GetValue<string>(), values, obj))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(string? scope, string? op, string[] values, JsonObject pod) => scope switch
    {
        "Terminating" => IsTerminating(pod),
        "NotTerminating" => !IsTerminating(pod),
        "BestEffort" => IsBestEffort(pod),
        "NotBestEffort" => !IsBestEffort(pod),
        "PriorityClass" => MatchesPriorityClass(pod, op, values),
        _ => false, // CrossNamespacePodAffinity and unknown scopes: not tracked here, so nothing matches
    };

    // A number from the wire reads as long; one set in code may hold an int.
    private static bool IsTerminating(JsonObject pod) =>
        pod["spec"]?["activeDeadlineSeconds"] is JsonValue v
        && ((v.TryGetValue<long>(out var seconds) && seconds >= 0) || (v.TryGetValue<int>(out var small) && small >= 0));

    private static bool IsBestEffort(JsonObject pod)
    {
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in pod["spec"]?[list] as JsonArray ?? [])
            {
                foreach (var kind in new[] { "requests", "limits" })
                {
                    var amounts = container?["resources"]?[kind] as JsonObject;
                    if (ComputeResources.Any(r => Quantity.TryParse(Quantity.Text(amounts?[r]), out var amount) && amount > 0))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>Label-selector semantics over the one "label" PriorityClass=priorityClassName (absent when the pod has none).</summary>
    private static bool MatchesPriorityClass(JsonObject pod, string? op, string[] values)
    {
        var name = pod["spec"]?["priorityClassName"]?.GetValue<string>() is { Length: > 0 } n ? n : null;
        return op switch
        {
            "In" => name is not null && values.Contains(name, StringComparer.Ordinal),
            "NotIn" => name is null || !values.Contains(name, StringComparer.Ordinal),
            "Exists" => name is not null,
            "DoesNotExist" => name is null,
            _ => false,
        };
    }
}
