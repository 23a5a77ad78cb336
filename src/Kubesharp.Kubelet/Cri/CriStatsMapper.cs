namespace Kubesharp.Kubelet.Cri;

/// <summary>Maps CRI stats messages to the few numbers the kubelet's stats use.</summary>
internal static class CriStatsMapper
{
    public static V1.ContainerStatsFilter ToFilter(ContainerFilter filter)
    {
        var result = new V1.ContainerStatsFilter { Id = filter.Id ?? "", PodSandboxId = filter.PodSandboxId ?? "" };
        foreach (var (key, value) in filter.LabelSelector)
        {
            result.LabelSelector[key] = value;
        }

        return result;
    }

    public static ContainerUsage FromStats(V1.ContainerStats stats)
    {
        // A runtime may omit cpu or memory (e.g. a container that just started); report zero rather than fail.
        var timestamp = stats.Cpu?.Timestamp is > 0 ? stats.Cpu.Timestamp : stats.Memory?.Timestamp ?? 0;
        return new ContainerUsage(stats.Attributes?.Id ?? "", stats.Attributes?.Metadata?.Name ?? "", CriTime.FromNanoseconds(timestamp))
        {
            CpuUsageCoreNanoSeconds = stats.Cpu?.UsageCoreNanoSeconds?.Value ?? 0,
            MemoryWorkingSetBytes = stats.Memory?.WorkingSetBytes?.Value ?? 0,
            Labels = stats.Attributes is null ? new Dictionary<string, string>() : new Dictionary<string, string>(stats.Attributes.Labels),
        };
    }
}
