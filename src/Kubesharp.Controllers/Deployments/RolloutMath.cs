namespace Kubesharp.Controllers.Deployments;

/// <summary>The numbers of a rolling update, as upstream's deployment util computes them.</summary>
internal static class RolloutMath
{
    /// <summary>maxSurge rounds up, maxUnavailable down; both zero would deadlock, so unavailable becomes 1.</summary>
    public static (int Surge, int Unavailable) Resolve(string? maxSurge, string? maxUnavailable, int replicas)
    {
        var surge = Value(maxSurge ?? "25%", replicas, roundUp: true);
        var unavailable = Value(maxUnavailable ?? "25%", replicas, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, Math.Min(unavailable, replicas));
    }

    /// <summary>Replicas the new ReplicaSet should have now: grow within replicas + surge in total.</summary>
    public static int NewReplicaSetTarget(int replicas, int surge, int totalSpecReplicas, int newSpecReplicas)
    {
        var allowed = replicas + surge;
        if (totalSpecReplicas >= allowed)
        {
            return Math.Min(newSpecReplicas, replicas);
        }

        var scaleUp = Math.Min(allowed - totalSpecReplicas, replicas - newSpecReplicas);
        return Math.Min(replicas, newSpecReplicas + Math.Max(scaleUp, 0));
    }

    /// <summary>How many old pods may go now without falling below replicas - maxUnavailable available pods.</summary>
    public static int OldScaleDownBudget(int replicas, int unavailable, int newSpecReplicas, int newAvailable, int totalSpecReplicas)
    {
        var minAvailable = replicas - unavailable;
        var newUnavailable = Math.Max(newSpecReplicas - newAvailable, 0);
        var budget = totalSpecReplicas - minAvailable - newUnavailable;
        return Math.Max(Math.Min(budget, totalSpecReplicas - newSpecReplicas), 0);
    }

    private static int Value(string text, int replicas, bool roundUp)
    {
        text = text.Trim();
        if (text.EndsWith('%'))
        {
            var percent = double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            var exact = percent * replicas / 100.0;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
