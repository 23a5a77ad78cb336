using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Client.Informers;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Cache;

/// <summary>
/// The default spreading selector read from the scheduler's Service and workload informers. The
/// answer depends only on the pod's namespace and labels, which the pods of one workload share, so
/// it is kept per (namespace, labels) until a selector in those informers changes: otherwise every
/// pod walked every workload of its namespace and built its selector again.
/// </summary>
internal sealed class InformerSpreadSelectors : ISpreadSelectors
{
    private const int MaxRemembered = 10_000;
    private readonly IInformer _services;
    private readonly IInformer _controllers;
    private readonly IInformer _replicaSets;
    private readonly IInformer _statefulSets;

    // Parsed once per cached object (informers replace objects, never change them): every pod of a
    // namespace is checked against every workload there, and parsing each time cost more than matching.
    private readonly ConditionalWeakTable<JsonObject, LabelSelector> _parsed = [];
    private readonly ConcurrentDictionary<(string Ns, string Labels), LabelSelector?> _remembered = new();
    private long _generation;
    private long _rememberedGeneration;

    public InformerSpreadSelectors(IInformer services, IInformer controllers, IInformer replicaSets, IInformer statefulSets)
    {
        _services = services;
        _controllers = controllers;
        _replicaSets = replicaSets;
        _statefulSets = statefulSets;

        // Only a selector appearing, changing or going changes an answer (status writes do not).
        var handler = new InformerHandler
        {
            OnAdd = _ => Interlocked.Increment(ref _generation),
            OnUpdate = (old, now) =>
            {
                if (!JsonNode.DeepEquals(old["spec"]?["selector"], now["spec"]?["selector"]))
                {
                    Interlocked.Increment(ref _generation);
                }
            },
            OnDelete = _ => Interlocked.Increment(ref _generation),
        };
        foreach (var informer in new[] { services, controllers, replicaSets, statefulSets })
        {
            informer.AddHandler(handler);
        }
    }

    public LabelSelector? For(PodInfo pod)
    {
        if (pod.Labels is null || pod.Labels.Count == 0)
        {
            return null;
        }

        // The generation is read before the informers: a change after this read makes the next call start over.
        var generation = Interlocked.Read(ref _generation);
        if (generation != Interlocked.Read(ref _rememberedGeneration) || _remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
            Interlocked.Exchange(ref _rememberedGeneration, generation);
        }

        var key = (pod.Namespace, LabelsKey(pod.Labels));
        if (_remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        var selector = Compute(pod);
        _remembered[key] = selector;
        return selector;
    }

    private static string LabelsKey(JsonObject labels)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in labels)
        {
            text.Append(key).Append('=').Append(value?.ToString()).Append('\n');
        }

        return text.ToString();
    }

    private LabelSelector? Compute(PodInfo pod)
    {

        var matchLabels = new JsonObject();
        var expressions = new JsonArray();

        // Services and ReplicationControllers select with a plain map; ReplicaSets and StatefulSets with a LabelSelector.
        foreach (var informer in new[] { _services, _controllers })
        {
            foreach (var owner in informer.Store.ByIndex(Indexers.ByNamespace, pod.Namespace))
            {
                if (owner["spec"]?["selector"] is JsonObject { Count: > 0 } map && Parsed(owner, map, plainMap: true).Matches(pod.Labels))
                {
                    Merge(matchLabels, expressions, map, null);
                }
            }
        }

        foreach (var informer in new[] { _replicaSets, _statefulSets })
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
