using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>What a sync reads from each of a ReplicaSet's pods, worked out once per pod version.</summary>
/// <param name="ControllerUid">The uid in the controller owner reference, if any.</param>
/// <param name="Labels">The pod's labels, for the selector.</param>
/// <param name="LabelValues">The same labels decoded to strings, for comparing with the template's.</param>
internal sealed record PodFacts(string? ControllerUid, bool Active, bool Ready, DateTimeOffset? ReadySince, JsonObject? Labels, IReadOnlyDictionary<string, string?> LabelValues)
{
    // The last selector this pod version was matched against, and the answer: a sync asks the same
    // question of every pod for each event of any of them, and the answer cannot change until the
    // pod (a new object, new facts) or the owner (a new selector object) does.
    private SelectorMatch? _match;

    /// <summary>Whether <paramref name="selector"/> matches these labels, remembered for the same selector object.</summary>
    public bool MatchedBy(LabelSelector selector)
    {
        if (_match is { } last && ReferenceEquals(last.Selector, selector))
        {
            return last.Matches;
        }

        var matches = selector.Matches(Labels);
        _match = new SelectorMatch(selector, matches);
        return matches;
    }

    public bool AvailableAt(long minReadySeconds, DateTimeOffset now) =>
        Ready && (minReadySeconds == 0 || (ReadySince is { } since && since.AddSeconds(minReadySeconds) <= now));

    public static PodFacts Of(JsonObject pod) => new(
        OwnerReferences.Controller(pod) is { } controller ? Json.Str(controller, "uid") : null,
        Pods.IsActive(pod),
        Pods.IsReady(pod),
        Pods.ReadySince(pod),
        pod["metadata"]?["labels"] as JsonObject,
        (pod["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => Json.Str(kv.Value), StringComparer.Ordinal));

    private sealed record SelectorMatch(LabelSelector Selector, bool Matches);
}

/// <summary>
/// <see cref="PodFacts"/> per informer object. A sync walks every pod of its ReplicaSet (a thousand
/// for big ones) for each pod event, and reading the owner reference, phase and conditions out of
/// the JSON again each time was most of that; informer objects are replaced on change, never
/// modified, so facts keyed by the object stay true and go with it.
/// </summary>
internal sealed class PodFactsCache
{
    private readonly ConditionalWeakTable<JsonObject, PodFacts> _facts = [];

    public PodFacts Of(JsonObject pod) => _facts.GetValue(pod, PodFacts.Of);
}
