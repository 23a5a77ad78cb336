using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// Samples /proc and CRI stats on demand. cpu nanocores come from the previous sample; the very first
/// call takes a baseline and waits <see cref="NodeStatsOptions.MinimumSampleInterval"/> so it can
/// report rates too. Scrapes closer together than that share one sample.
/// </summary>
internal sealed class NodeStats(NodeStatsOptions options, IRuntimeService runtime, TimeProvider time) : INodeStats, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Sample? previous;
    private StatsSummary? latest;

    public async Task<StatsSummary> GetSummaryAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (latest is not null && previous is not null && time.GetUtcNow() - previous.Time < options.MinimumSampleInterval)
            {
                return latest;
            }

            if (previous is null)
            {
                previous = await TakeAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(options.MinimumSampleInterval, time, cancellationToken).ConfigureAwait(false);
            }

            var current = await TakeAsync(cancellationToken).ConfigureAwait(false);
            latest = Summarize(current, previous);
            previous = current;
            return latest;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<Sample> TakeAsync(CancellationToken cancellationToken)
    {
        var proc = await ProcReader.ReadAsync(options.ProcRoot, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var sandboxes = await runtime.ListPodSandboxAsync(PodSandboxFilter.All, cancellationToken).ConfigureAwait(false);
        var containers = await runtime.ListContainersAsync(new ContainerFilter { State = ContainerState.Running }, cancellationToken).ConfigureAwait(false);
        var usages = await runtime.ListContainerStatsAsync(ContainerFilter.All, cancellationToken).ConfigureAwait(false);
        return new Sample(now, proc, sandboxes, containers, usages);
    }

    private StatsSummary Summarize(Sample current, Sample earlier)
    {
        var nodeCpu = new CpuRate(current.Proc.CpuCoreNanoSeconds, current.Time);
        var node = new NodeSummary(
            options.NodeName,
            current.Proc.BootTime,
            new CpuUsage(current.Time, nodeCpu.CoreNanoSeconds)
            {
                UsageNanoCores = nodeCpu.NanoCoresSince(new CpuRate(earlier.Proc.CpuCoreNanoSeconds, earlier.Time)),
            },
            new MemoryUsage(current.Time, current.Proc.MemoryWorkingSetBytes)
            {
                UsageBytes = current.Proc.MemoryUsageBytes,
                AvailableBytes = current.Proc.MemoryTotalBytes - Math.Min(current.Proc.MemoryTotalBytes, current.Proc.MemoryWorkingSetBytes),
            });

        var before = earlier.Usages.ToDictionary(u => u.ContainerId, u => new CpuRate(u.CpuUsageCoreNanoSeconds, u.Timestamp), StringComparer.Ordinal);
        var running = current.Containers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var pods = new List<PodSummary>();
        foreach (var sandbox in current.Sandboxes.Where(s => s.State == PodSandboxState.Ready))
        {
            var containers = new List<ContainerSummary>();
            foreach (var usage in current.Usages)
            {
                if (!running.TryGetValue(usage.ContainerId, out var info) || info.PodSandboxId != sandbox.Id)
                {
                    continue;
                }

                var cpu = new CpuRate(usage.CpuUsageCoreNanoSeconds, usage.Timestamp);
                // A container younger than the previous sample is measured over its own life instead.
                var since = before.TryGetValue(usage.ContainerId, out var earlierCpu) ? earlierCpu : new CpuRate(0, info.CreatedAt);
                containers.Add(new ContainerSummary(
                    string.IsNullOrEmpty(usage.Name) ? info.Name : usage.Name,
                    info.CreatedAt,
                    new CpuUsage(usage.Timestamp, usage.CpuUsageCoreNanoSeconds) { UsageNanoCores = cpu.NanoCoresSince(since) },
                    new MemoryUsage(usage.Timestamp, usage.MemoryWorkingSetBytes)));
            }

            if (containers.Count > 0)
            {
                pods.Add(PodTotals(new PodSummary(sandbox.Name, sandbox.Namespace, sandbox.Uid, sandbox.CreatedAt, containers)));
            }
        }

        return new StatsSummary(node, pods);
    }

    private static PodSummary PodTotals(PodSummary pod)
    {
        var time = pod.Containers.Max(c => c.Cpu.Time);
        var nanoCores = pod.Containers.All(c => c.Cpu.UsageNanoCores.HasValue)
            ? pod.Containers.Aggregate(0UL, (sum, c) => sum + c.Cpu.UsageNanoCores!.Value)
            : (ulong?)null;
        return pod with
        {
            Cpu = new CpuUsage(time, pod.Containers.Aggregate(0UL, (sum, c) => sum + c.Cpu.UsageCoreNanoSeconds)) { UsageNanoCores = nanoCores },
            Memory = new MemoryUsage(time, pod.Containers.Aggregate(0UL, (sum, c) => sum + c.Memory.WorkingSetBytes)),
        };
    }

    private sealed record Sample(
        DateTimeOffset Time,
        ProcSample Proc,
        IReadOnlyList<PodSandboxInfo> Sandboxes,
        IReadOnlyList<ContainerInfo> Containers,
        IReadOnlyList<ContainerUsage> Usages);
}
