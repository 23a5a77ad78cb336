using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.StatefulSets;

/// <summary>One reconcile's view of a set: its revisions, its pods by ordinal and the ordinal range it wants.</summary>
internal sealed record SyncPlan(JsonObject Set, JsonObject Current, JsonObject Update, IReadOnlyDictionary<int, JsonObject> Pods)
{
    public int Start { get; } = StatefulPods.StartOrdinal(Set);

    /// <summary>One past the highest ordinal wanted.</summary>
    public int End { get; } = StatefulPods.StartOrdinal(Set) + (int)(Json.Int(Set, "spec", "replicas") ?? 1);

    /// <summary>OrderedReady: one pod at a time, in order.</summary>
    public bool Monotonic { get; } = Json.Str(Set, "spec", "podManagementPolicy") != "Parallel";
}
