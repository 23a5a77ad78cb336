namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>One pod's metrics.k8s.io sample: when it was taken, over what window, and each container's usage (milli-units).</summary>
internal sealed record PodUsage(DateTimeOffset Timestamp, TimeSpan Window, IReadOnlyDictionary<string, long> ContainerMilli)
{
    /// <summary>The pod's usage: one container's when <paramref name="container"/> is given, else the sum over containers.</summary>
    public long? Milli(string? container) =>
        container is null ? ContainerMilli.Values.Sum() : ContainerMilli.TryGetValue(container, out var value) ? value : null;
}
