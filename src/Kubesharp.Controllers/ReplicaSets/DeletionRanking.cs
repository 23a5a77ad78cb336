using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>
/// Which pods go first when scaling down, as upstream's ActivePods ordering: unscheduled before
/// scheduled, Pending before Unknown before Running, not ready before ready, ready for less time
/// before longer, more restarts before fewer, newer before older.
/// </summary>
internal static class DeletionRanking
{
    public static IReadOnlyList<JsonObject> PickVictims(IEnumerable<JsonObject> pods, int count) =>
        pods.Order(Comparer<JsonObject>.Create(Compare)).Take(count).ToList();

    /// <summary>Negative when <paramref name="a"/> should be deleted before <paramref name="b"/>.</summary>
    public static int Compare(JsonObject a, JsonObject b)
    {
        int c;
        if ((c = Pods.IsScheduled(a).CompareTo(Pods.IsScheduled(b))) != 0)
        {
            return c;
        }

        if ((c = PhaseRank(a).CompareTo(PhaseRank(b))) != 0)
        {
            return c;
        }

        if ((c = Pods.IsReady(a).CompareTo(Pods.IsReady(b))) != 0)
        {
            return c;
        }

        if (Pods.ReadySince(a) is { } ra && Pods.ReadySince(b) is { } rb && ra != rb)
        {
            return rb.CompareTo(ra); // ready more recently → less time ready → first
        }

        if ((c = Pods.Restarts(b).CompareTo(Pods.Restarts(a))) != 0)
        {
            return c;
        }

        var createdA = Json.Time(a, "metadata", "creationTimestamp") ?? DateTimeOffset.MinValue;
        var createdB = Json.Time(b, "metadata", "creationTimestamp") ?? DateTimeOffset.MinValue;
        return createdB.CompareTo(createdA);
    }

    private static int PhaseRank(JsonObject pod) => Json.Str(pod, "status", "phase") switch
    {
        "Pending" => 0,
        "Running" => 2,
        _ => 1,
    };
}
