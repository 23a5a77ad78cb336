using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Controllers.Disruption;

/// <summary>A PodDisruptionBudget's numbers as upstream's getExpectedPodCount and updatePdbStatus compute them.</summary>
internal static class BudgetMath
{
    /// <summary>
    /// Healthy pods wanted: minAvailable as a count, or as a percent of the expected (rounded up);
    /// or expected minus maxUnavailable (percent rounded up). Null when the value is malformed.
    /// </summary>
    public static int? DesiredHealthy(JsonNode? minAvailable, JsonNode? maxUnavailable, int expected)
    {
        if (maxUnavailable is not null)
        {
            return Scaled(maxUnavailable, expected) is { } unavailable ? Math.Max(0, expected - unavailable) : null;
        }

        return minAvailable is null ? 0 : Scaled(minAvailable, expected);
    }

    /// <summary>Whether the expected count comes from the pods' controllers (anything but an integer minAvailable).</summary>
    public static bool NeedsScale(JsonNode? minAvailable, JsonNode? maxUnavailable) =>
        maxUnavailable is not null || (minAvailable is JsonValue v && v.TryGetValue<string>(out _));

    /// <summary>No disruption while nothing is expected or too few are healthy.</summary>
    public static int Allowed(int currentHealthy, int desiredHealthy, int expected) =>
        expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);

    private static int? Scaled(JsonNode value, int total)
    {
        if (value is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<string>(out var text))
        {
            if (text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
            {
                return (int)Math.Ceiling(percent * total / 100.0);
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        return v.TryGetValue<int>(out var i) ? i : v.TryGetValue<long>(out var l) ? (int)l : v.TryGetValue<double>(out var d) ? (int)d : null;
    }
}
