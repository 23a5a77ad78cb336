namespace Kubesharp.Scheduler.Scheduling;

/// <summary>Where a pod goes, or why it goes nowhere (reason → number of nodes that gave it).</summary>
internal sealed record Decision(string? Node, int NodeCount, IReadOnlyDictionary<string, int> Reasons)
{
    /// <summary>Upstream's FitError text: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable."</summary>
    public string FailureMessage()
    {
        if (NodeCount == 0)
        {
            return "no nodes available to schedule pods";
        }

        var parts = Reasons.Select(r => $"{r.Value} {r.Key}").Order(StringComparer.Ordinal);
        return $"0/{NodeCount} nodes are available: {string.Join(", ", parts)}.";
    }
}
