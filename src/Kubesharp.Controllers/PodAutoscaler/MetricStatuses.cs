using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>status.currentMetrics entries in the autoscaling/v2 shape.</summary>
internal static class MetricStatuses
{
    private static readonly string[] Suffixes = ["", "k", "M", "G", "T", "P", "E"];

    public static JsonObject From(MetricTarget target, ReplicaProposal proposal)
    {
        var current = new JsonObject { ["averageValue"] = Milli(proposal.AverageMilli) };
        if (proposal.Utilization is { } utilization)
        {
            current["averageUtilization"] = utilization;
        }

        var source = new JsonObject { ["name"] = target.Resource };
        if (target.Container is { } container)
        {
            source["container"] = container;
        }

        source["current"] = current;
        return new JsonObject { ["type"] = target.Type, [target.Container is null ? "resource" : "containerResource"] = source };
    }

    /// <summary>A metric that could not be computed: upstream leaves an empty entry so entries line up with spec.metrics.</summary>
    public static JsonObject Empty() => new() { ["type"] = string.Empty };

    /// <summary>A milli-value as a canonical decimal quantity: "250m", "2", "64M".</summary>
    public static string Milli(long milli)
    {
        if (milli % 1000 != 0)
        {
            return milli.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var value = milli / 1000;
        var exponent = 0;
        while (value != 0 && value % 1000 == 0 && exponent < Suffixes.Length - 1)
        {
            value /= 1000;
            exponent++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + Suffixes[exponent];
    }
}
