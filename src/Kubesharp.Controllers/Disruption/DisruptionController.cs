using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.Disruption;

/// <summary>
/// upstream's disruption controller: keeps each PodDisruptionBudget's status (expectedPods from
/// minAvailable or from the scale of the pods' controllers, currentHealthy, desiredHealthy,
/// disruptionsAllowed, the DisruptionAllowed condition) so the eviction API can decide by it.
/// Pods the eviction API recorded in disruptedPods stay out of currentHealthy until they go or two
/// minutes pass; when the expected count cannot be worked out, no disruption is allowed.
/// </summary>
internal sealed class DisruptionController(int workers) : ReconcilingController("disruption-controller", "Kubesharp.Controllers.Disruption", workers)
{
    private static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);
    private static readonly ResourceType Budgets = BuiltInResources.Get("policy", "poddisruptionbudgets");
    private static readonly ResourceType PodsType = BuiltInResources.Get("", "pods");
    private IInformer _budgets = null!;
    private IInformer _pods = null!;
    private PodScales _scales = null!;
    private IEventRecorder _events = null!;

    protected override void Watch(ControllerContext context)
    {
        _events = context.Events("controllermanager");
        _budgets = context.Informers.For(Budgets);
        _pods = context.Informers.For(PodsType);
        _budgets.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _pods.AddHandler(new InformerHandler { OnAdd = EnqueueNamespace, OnUpdate = (_, p) => EnqueueNamespace(p), OnDelete = EnqueueNamespace });
        _scales = new PodScales(context.Informers, EnqueueNamespace);
    }

    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_budgets.Store.Get(key) is not { } budget || Json.Str(budget, "metadata", "deletionTimestamp") is not null)
        {
            return;
        }

        var now = Time.GetUtcNow();
        var pods = MatchingPods(budget);
        var spec = budget["spec"];
        var minAvailable = spec?["minAvailable"];
        var maxUnavailable = spec?["maxUnavailable"];
        int expected;
        string? failure = null;
        if (BudgetMath.NeedsScale(minAvailable, maxUnavailable))
        {
            (expected, failure) = _scales.Expected(pods);
        }
        else
        {
            expected = pods.Count;
        }

        var desired = BudgetMath.DesiredHealthy(minAvailable, maxUnavailable, expected);
        if (desired is null)
        {
            failure ??= "invalid minAvailable or maxUnavailable";
        }

        var disrupted = Disrupted(budget, pods, now, out var nextExpiry);
        var healthy = pods.Count(p => Pods.IsReady(p) && Json.Str(p, "metadata", "deletionTimestamp") is null && !disrupted.ContainsKey(Json.Str(p, "metadata", "name")!));
        if (failure is not null)
        {
            _events.Record(budget, EventType.Warning, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {failure}");
        }

        var allowed = failure is null ? BudgetMath.Allowed(healthy, desired!.Value, expected) : 0;
        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Int(budget, "metadata", "generation") ?? 0,
            ["disruptedPods"] = disrupted,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = healthy,
            ["desiredHealthy"] = desired ?? 0,
            ["expectedPods"] = expected,
            ["conditions"] = Condition(budget, allowed, failure, now),
        };
        if (disrupted.Count == 0)
        {
            status.Remove("disruptedPods");
        }

        // A 409 here is usually an eviction that took a disruption meanwhile.
        await StatusWrites.WriteIfChangedAsync(Client, Budgets, budget, status, cancellationToken);

        if (nextExpiry is { } at)
        {
            Loop.Queue.AddAfter(key, at - now + TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>policy/v1 selectors: a missing one matches no pod, an empty one every pod of the namespace.</summary>
    private List<JsonObject> MatchingPods(JsonObject budget)
    {
        if (budget["spec"]?["selector"] is not JsonObject selectorObject)
        {
            return [];
        }

        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromObject(selectorObject);
        }
        catch (SelectorException)
        {
            return [];
        }

        return _pods.Store.ByIndex(Indexers.ByNamespace, Json.Str(budget, "metadata", "namespace")!).Where(selector.MatchesObject).ToList();
    }

    /// <summary>disruptedPods without the pods that are gone, being deleted, or were recorded too long ago.</summary>
    private static JsonObject Disrupted(JsonObject budget, List<JsonObject> pods, DateTimeOffset now, out DateTimeOffset? nextExpiry)
    {
        nextExpiry = null;
        var kept = new JsonObject();
        var byName = pods.ToDictionary(p => Json.Str(p, "metadata", "name")!, StringComparer.Ordinal);
        foreach (var (name, value) in budget["status"]?["disruptedPods"] as JsonObject ?? [])
        {
            if (!byName.TryGetValue(name, out var pod) || Json.Str(pod, "metadata", "deletionTimestamp") is not null || Json.Time(value) is not { } at)
            {
                continue;
            }

            var expiry = at + DeletionTimeout;
            if (expiry > now)
            {
                kept[name] = value?.DeepClone();
                nextExpiry = nextExpiry is { } n && n < expiry ? n : expiry;
            }
        }

        return kept;
    }

    private static JsonArray Condition(JsonObject budget, int allowed, string? failure, DateTimeOffset now)
    {
        var (state, reason) = failure is not null ? ("False", "SyncFailed") : allowed > 0 ? ("True", "SufficientPods") : ("False", "InsufficientPods");
        var previous = (budget["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => Json.Str(c, "type") == "DisruptionAllowed");
        var since = previous is not null && Json.Str(previous, "status") == state ? Json.Str(previous, "lastTransitionTime") : null;
        // JsonArray.Add(JsonNode), not the generic Add<T> a collection expression would pick (not AOT-safe).
        return new JsonArray(
            new JsonObject
            {
                ["type"] = "DisruptionAllowed",
                ["status"] = state,
                ["observedGeneration"] = Json.Int(budget, "metadata", "generation") ?? 0,
                ["lastTransitionTime"] = since ?? Json.Stamp(now),
                ["reason"] = reason,
                ["message"] = failure ?? string.Empty,
            });
    }

    private void EnqueueNamespace(JsonObject obj)
    {
        foreach (var budget in _budgets.Store.ByIndex(Indexers.ByNamespace, Json.Str(obj, "metadata", "namespace") ?? string.Empty))
        {
            Loop.Queue.Add(ObjectKeys.Key(budget));
        }
    }
}
