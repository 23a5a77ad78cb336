using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>What a sync reads from each of a ReplicaSet's pods, worked out once per pod version.</summary>
/// <param name="ControllerUid">The uid in the controller owner reference, if any.</param>
/// <param name="Labels">The pod's labels, for the selector.</param>
/// <param name="LabelValues">The same labels decoded to strings, for comparing with the template's.</param>
internal sealed record PodFacts(string? ControllerUid, bool Active, bool Ready, DateTimeOffset? ReadySince, JsonObject? Labels, IReadOnlyDictionary<string, string?> LabelValues)
{
    public bool AvailableAt(long minReadySeconds, DateTimeOffset now) =>
        Ready && (minReadySeconds == 0 || (ReadySince is { } since && since.AddSeconds(minReadySeconds) <= now));

    public static PodFacts Of(JsonObject pod) => new(
        OwnerReferences.Controller(pod) is { } controller ? Json.Str(controller, "uid") : null,
        Pods.IsActive(pod),
        Pods.IsReady(pod),
        Pods.ReadySince(pod),
        pod["metadata"]?["labels"] as JsonObject,
        (pod["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => Json.Str(kv.Value), StringComparer.Ordinal));
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
