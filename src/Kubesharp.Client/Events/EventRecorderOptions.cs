namespace Kubesharp.Client.Events;

/// <summary>Who reports the events and how much is buffered.</summary>
/// <param name="Component">source.component / reportingController, e.g. "default-scheduler", "kubelet".</param>
/// <param name="Host">source.host (the node name for a kubelet), or null.</param>
public sealed record EventRecorderOptions(string Component, string? Host = null)
{
    /// <summary>Events waiting to be written; beyond this new ones are dropped (as client-go does), never blocking.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>A repeat within this window bumps the count of the existing Event instead of creating one.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);
}
