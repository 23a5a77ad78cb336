namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>A replica count recommended, or changed, at a time (stabilization and rate-limit history).</summary>
internal sealed record Recommendation(int Replicas, DateTimeOffset At);
