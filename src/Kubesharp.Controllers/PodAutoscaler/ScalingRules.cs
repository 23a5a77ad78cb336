using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>One direction of spec.behavior, with upstream's defaults filled in field by field.</summary>
/// <param name="StabilizationWindow">Null for scale-down means the controller's default (300 s).</param>
internal sealed record ScalingRules(TimeSpan? StabilizationWindow, string SelectPolicy, IReadOnlyList<ScalingPolicy> Policies)
{
    /// <summary>Up: no stabilization, the larger of +4 pods or +100% per 15 s.</summary>
    public static ScalingRules From(JsonNode? rules, bool up)
    {
        IReadOnlyList<ScalingPolicy> defaults = up
            ? [new ScalingPolicy("Pods", 4, 15), new ScalingPolicy("Percent", 100, 15)]
            : [new ScalingPolicy("Percent", 100, 15)];
        var policies = (rules?["policies"] as JsonArray ?? [])
            .Select(p => new ScalingPolicy(Json.Str(p, "type") ?? "Pods", (int)(Json.Int(p, "value") ?? 0), (int)(Json.Int(p, "periodSeconds") ?? 15)))
            .ToList();
        var window = Json.Int(rules, "stabilizationWindowSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : up ? TimeSpan.Zero : (TimeSpan?)null;
        return new ScalingRules(window, Json.Str(rules, "selectPolicy") ?? "Max", policies.Count > 0 ? policies : defaults);
    }

    public TimeSpan LongestPeriod => TimeSpan.FromSeconds(Policies.Count == 0 ? 0 : Policies.Max(p => p.PeriodSeconds));
}
