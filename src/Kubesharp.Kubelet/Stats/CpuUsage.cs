namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// CPU use as the Summary API reports it. <see cref="UsageNanoCores"/> is a rate over the last two
/// samples, absent until there have been two.
/// </summary>
public sealed record CpuUsage(DateTimeOffset Time, ulong UsageCoreNanoSeconds)
{
    public ulong? UsageNanoCores { get; init; }
}
