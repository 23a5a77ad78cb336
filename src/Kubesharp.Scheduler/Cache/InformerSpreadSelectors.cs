using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Informers;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>The default spreading selector read from the scheduler's Service and workload informers.</summary>
internal sealed class InformerSpreadSelectors(IInformer services, IInformer controllers, IInformer replicaSets, IInformer statefulSets) : ISpreadSelectors
{
    // Parsed once per cached object (informers replace objects, never change them): every pod of a
    // namespace is checked against every workload there, and parsing each time cost more than matching.
    private readonly ConditionalWeakTable<JsonObject, LabelSelector> _parsed = [];

    public LabelSelector? For(PodInfo pod)
    {
        if (pod.Labels is null || pod.Labels.Count == 0)
        {
            return null;
        }

        var matchLabels = new JsonObject();
        var expressions = new JsonArray();

        // Services and ReplicationControllers select with a plain map; ReplicaSets and StatefulSets with a LabelSelector.
        foreach (var informer in new[] { services, controllers })
        {
            foreach (var owner in informer.Store.ByIndex(Indexers.ByNamespace, pod.Namespace))
            {
                if (owner["spec"]?["selector"] is JsonObject { Count: > 0 } map && Parsed(owner, map, plainMap: true).Matches(pod.Labels))
                {
                    Merge(matchLabels, expressions, map, null);
                }
            }
        }

        foreach (var informer in new[] { replicaSets, statefulSets })
        {
            foreach (var owner in informer.Store.ByIndex(Indexers.ByNamespace, pod.Namespace))
            {
                if (owner["spec"]?["selector"] is JsonObject selector && Parsed(owner, selector, plainMap: false) is { IsEmpty: false } parsed && parsed.Matches(pod.Labels))
                {
                    Merge(matchLabels, expressions, selector["matchLabels"] as JsonObject, selector["matchExpressions"] as JsonArray);
                }
            }
        }

        return matchLabels.Count == 0 && expressions.Count == 0
            ? null
            : AffinityTerm.SafeSelector(new JsonObject { ["matchLabels"] = matchLabels, ["matchExpressions"] = expressions });
    }

    private LabelSelector Parsed(JsonObject owner, JsonObject selector, bool plainMap)
    {
        if (!_parsed.TryGetValue(owner, out var parsed))
        {
            parsed = AffinityTerm.SafeSelector(plainMap ? new JsonObject { ["matchLabels"] = selector.DeepClone() } : selector);
            _parsed.AddOrUpdate(owner, parsed);
        }

        return parsed;
    }

    private static void Merge(JsonObject matchLabels, JsonArray expressions, JsonObject? labels, JsonArray? more)
    {
        foreach (var (key, value) in labels ?? [])
        {
            matchLabels[key] = value?.DeepClone();
        }

        foreach (var e in more ?? [])
        {
            expressions.Add(e?.DeepClone());
        }
    }
}
