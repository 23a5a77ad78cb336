using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Objects;
using Kubesharp.Api.Selectors;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>
/// pods/eviction (upstream's EvictionREST): deletes a pod unless the one PodDisruptionBudget that
/// selects it allows no disruption (429). An allowed eviction takes one disruption from the
/// budget's status and records the pod in status.disruptedPods before the pod is deleted.
/// </summary>
public sealed class PodEviction
{
    /// <summary>Upstream refuses evictions while this many are still unconfirmed by the disruption controller.</summary>
    private const int MaxDisruptedPods = 2000;
    private const int MaxAttempts = 16;

    private static readonly ResourceType Budgets = BuiltInResources.All.First(r => r.Group == "policy" && r.Plural == "poddisruptionbudgets");

    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;

    public PodEviction(ResourceRegistry registry, TimeProvider? time = null)
    {
        _registry = registry;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="pod">The pod named in the URL.</param>
    /// <param name="evictionName">metadata.name of the Eviction body, which must be the pod's.</param>
    /// <param name="options">The Eviction's deleteOptions (dryRun already merged with the query's).</param>
    public async Task EvictAsync(ObjectRef pod, string? evictionName, DeleteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(options);
        if (evictionName != pod.Name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }

        var current = await _registry.GetAsync(pod, cancellationToken);
        if (CanIgnoreBudgets(current))
        {
            // Terminal, pending or already deleting: its disruption has happened or does not count.
            var enforce = !IsTerminal(current) && ObjectMeta.DeletionTimestamp(current) is null;
            await DeleteAsync(pod, current, enforce && options.PreconditionResourceVersion is null ? options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(current) } : options, cancellationToken);
            return;
        }

        var budgets = await MatchingBudgetsAsync(pod, current, cancellationToken);
        if (budgets.Count > 1)
        {
            throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        var deleteOptions = options;
        if (budgets.Count == 1)
        {
            var budget = budgets[0];
            var status = budget["status"] as JsonObject;
            if (!IsReady(current) && Long(status, "currentHealthy") >= Long(status, "desiredHealthy") && Long(status, "desiredHealthy") > 0)
            {
                // An unready pod is not counted healthy: deleting it costs nothing, as long as it stays unready.
                deleteOptions = options.PreconditionResourceVersion is null ? options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(current) } : options;
                try
                {
                    await DeleteAsync(pod, current, deleteOptions, cancellationToken);
                }
                catch (ApiException e) when (e.Code == 409 && options.PreconditionResourceVersion is null)
                {
                    throw StillProcessing(ObjectMeta.Name(budget) ?? "");
                }

                return;
            }

            await TakeDisruptionAsync(pod, budget, options.DryRun, cancellationToken);
        }

        await DeleteAsync(pod, current, deleteOptions, cancellationToken);
    }

    private async Task<List<JsonObject>> MatchingBudgetsAsync(ObjectRef pod, JsonObject current, CancellationToken cancellationToken)
    {
        var list = await _registry.ListAsync(Budgets, pod.Namespace, new ListOptions(), cancellationToken);
        var matching = new List<JsonObject>();
        foreach (var budget in ((JsonArray)list["items"]!).OfType<JsonObject>())
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromObject((budget["spec"] as JsonObject)?["selector"] as JsonObject);
            }
            catch (SelectorException)
            {
                continue; // an invalid selector matches no pod
            }

            // A missing or empty selector matches nothing here, not everything.
            if (selector.Requirements.Count > 0 && selector.MatchesObject(current))
            {
                matching.Add(budget);
            }
        }

        return matching;
    }

    /// <summary>Verify-and-decrement on the budget's status, re-read and retried when someone else wrote it meanwhile.</summary>
    private async Task TakeDisruptionAsync(ObjectRef pod, JsonObject budget, bool dryRun, CancellationToken cancellationToken)
    {
        var name = ObjectMeta.Name(budget) ?? "";
        var budgetRef = new ObjectRef(Budgets, pod.Namespace, name);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var status = budget["status"] as JsonObject;
            if (Long(status, "observedGeneration") < ObjectMeta.Generation(budget))
            {
                throw StillProcessing(name);
            }

            var allowed = Long(status, "disruptionsAllowed");
            if (allowed < 0)
            {
                throw ApiErrors.Forbidden(Budgets with { Plural = "poddisruptionbudget" }, name, "pdb disruptions allowed is negative");
            }

            if ((status?["disruptedPods"] as JsonObject)?.Count > MaxDisruptedPods)
            {
                throw ApiErrors.Forbidden(Budgets with { Plural = "poddisruptionbudget" }, name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }

            if (allowed == 0)
            {
                throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", new StatusDetails(null, null, null,
                    [new StatusCause("DisruptionBudget", $"The disruption budget {name} needs {Long(status, "desiredHealthy")} healthy pods and has {Long(status, "currentHealthy")} currently", "")]));
            }

            if (dryRun)
            {
                return;
            }

            var expected = long.Parse(ObjectMeta.ResourceVersion(budget)!, CultureInfo.InvariantCulture);
            try
            {
                await _registry.GuaranteedUpdateAsync(budgetRef, expected, b => Decrement(b, pod.Name, allowed - 1), "status", WriteOptions.None, cancellationToken);
                return;
            }
            catch (ApiException e) when (e.Code == 409)
            {
                budget = await _registry.GetAsync(budgetRef, cancellationToken);
            }
        }

        throw new ApiException(504, "Timeout", $"couldn't update PodDisruptionBudget \"{name}\" due to conflicts");
    }

    private JsonObject Decrement(JsonObject? budget, string podName, long allowed)
    {
        if (budget is null)
        {
            throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
        }

        if (budget["status"] is not JsonObject status)
        {
            status = [];
            budget["status"] = status;
        }

        var now = Now();
        status["disruptionsAllowed"] = allowed;
        if (status["disruptedPods"] is not JsonObject disrupted)
        {
            disrupted = [];
            status["disruptedPods"] = disrupted;
        }

        disrupted[podName] = now;
        if (allowed == 0)
        {
            SetCondition(status, new JsonObject
            {
                ["type"] = "DisruptionAllowed",
                ["status"] = "False",
                ["observedGeneration"] = Long(status, "observedGeneration"),
                ["lastTransitionTime"] = now,
                ["reason"] = "InsufficientPods",
                ["message"] = "",
            });
        }

        return budget;
    }

    /// <summary>Marks the pod DisruptionTarget (reason EvictionByEvictionAPI) as upstream does, then deletes it.</summary>
    private async Task DeleteAsync(ObjectRef pod, JsonObject current, DeleteOptions options, CancellationToken cancellationToken)
    {
        if (!options.DryRun && !IsTerminal(current) && ObjectMeta.DeletionTimestamp(current) is null)
        {
            var expected = options.PreconditionResourceVersion is { } rv ? long.Parse(rv, CultureInfo.InvariantCulture) : (long?)null;
            var marked = await _registry.GuaranteedUpdateAsync(pod, expected, p => MarkDisruptionTarget(p ?? throw ApiErrors.NotFound(pod.Type, pod.Name)), "status", WriteOptions.None, cancellationToken);
            // The condition write moved the resourceVersion; the precondition now refers to it.
            if (options.PreconditionResourceVersion is not null)
            {
                options = options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(marked) };
            }
        }

        await _registry.DeleteAsync(pod, options, cancellationToken);
    }

    private JsonObject MarkDisruptionTarget(JsonObject pod)
    {
        if (pod["status"] is not JsonObject status)
        {
            status = [];
            pod["status"] = status;
        }

        SetCondition(status, new JsonObject
        {
            ["type"] = "DisruptionTarget",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Now(),
            ["reason"] = "EvictionByEvictionAPI",
            ["message"] = "Eviction API: evicting",
        });
        return pod;
    }

    private static void SetCondition(JsonObject status, JsonObject condition)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == Text(condition["type"]));
        if (existing is null)
        {
            conditions.Add((JsonNode)condition);
            return;
        }

        if (Text(existing["status"]) == Text(condition["status"]))
        {
            condition["lastTransitionTime"] = existing["lastTransitionTime"]?.DeepClone();
        }

        conditions[conditions.IndexOf(existing)] = condition;
    }

    private static ApiException StillProcessing(string name) =>
        new(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", new StatusDetails(null, null, null,
            [new StatusCause("DisruptionBudget", $"The disruption budget {name} is still being processed by the server.", "")]) { RetryAfterSeconds = 10 });

    private static bool CanIgnoreBudgets(JsonObject pod) =>
        Phase(pod) is "Succeeded" or "Failed" or "Pending" || ObjectMeta.DeletionTimestamp(pod) is not null;

    private static bool IsTerminal(JsonObject pod) => Phase(pod) is "Succeeded" or "Failed";

    private static string? Phase(JsonObject pod) => Text((pod["status"] as JsonObject)?["phase"]);

    private static bool IsReady(JsonObject pod) =>
        ((pod["status"] as JsonObject)?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => Text(c["type"]) == "Ready" && Text(c["status"]) == "True") == true;

    private static long Long(JsonObject? obj, string field) => JsonInteger.Get(obj?[field]);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
