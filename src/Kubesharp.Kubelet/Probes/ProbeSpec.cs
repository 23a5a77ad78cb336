using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>A probe's timing and thresholds with upstream's defaults (0 s delay, 10 s period, 1 s timeout, 1 / 3).</summary>
internal sealed record ProbeSpec(JsonObject Handler, TimeSpan InitialDelay, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    public static ProbeSpec From(JsonObject probe, ProbeType type)
    {
        var success = Positive(probe, "successThreshold", 1);
        return new ProbeSpec(
            probe,
            TimeSpan.FromSeconds(NonNegative(probe, "initialDelaySeconds", 0)),
            TimeSpan.FromSeconds(Positive(probe, "periodSeconds", 10)),
            TimeSpan.FromSeconds(Positive(probe, "timeoutSeconds", 1)),
            // Validation makes liveness and startup use 1; a stored object that says otherwise still must not wedge.
            type == ProbeType.Readiness ? success : 1,
            Positive(probe, "failureThreshold", 3));
    }

    private static int Positive(JsonObject probe, string name, int fallback) =>
        probe[name] is JsonValue value && value.TryGetValue(out int number) && number > 0 ? number : fallback;

    private static int NonNegative(JsonObject probe, string name, int fallback) =>
        probe[name] is JsonValue value && value.TryGetValue(out int number) && number >= 0 ? number : fallback;
}
