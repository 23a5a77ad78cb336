using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Stats;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Time;

namespace Kubesharp.Kubelet.Tests.Stats;

public sealed class NodeStatsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo proc = Directory.CreateTempSubdirectory("kubesharp-proc-");
    private readonly FakeRuntimeService runtime = new();
    private readonly ManualTime clock = new(T0);

    public void Dispose() => proc.Delete(recursive: true);

    [Fact]
    public void Parse_ProcFiles_BusyCpuAndWorkingSet()
    {
        var sample = ProcReader.Parse(
            ["cpu  100 5 20 1000 50 1 2 3 7 0", "cpu0 50 0 10 500 25 0 1 1 0 0", "btime 1796151693"],
            ["MemTotal:       1000 kB", "MemFree:         400 kB", "MemAvailable:    700 kB", "Inactive(file):  100 kB"]);

        Assert.Equal((100UL + 5 + 20 + 1 + 2 + 3) * 10_000_000, sample.CpuCoreNanoSeconds);
        Assert.Equal(600UL * 1024, sample.MemoryUsageBytes);
        Assert.Equal(500UL * 1024, sample.MemoryWorkingSetBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796151693), sample.BootTime);
    }

    [Fact]
    public async Task GetSummaryAsync_TwoSamples_RatesAndPodSums()
    {
        WriteProc(busyTicks: 1000);
        runtime.Sandboxes.Add(new PodSandboxInfo("s1", "web", "default", "uid-1", 0, PodSandboxState.Ready) { CreatedAt = T0.AddMinutes(-5) });
        runtime.Sandboxes.Add(new PodSandboxInfo("s0", "old", "default", "uid-0", 0, PodSandboxState.NotReady));
        runtime.Containers.Add(new ContainerInfo("c1", "s1", "app", 0, ContainerState.Running) { CreatedAt = T0.AddMinutes(-4) });
        runtime.Containers.Add(new ContainerInfo("c2", "s1", "sidecar", 0, ContainerState.Running) { CreatedAt = T0.AddMinutes(-4) });
        runtime.Containers.Add(new ContainerInfo("c9", "s0", "gone", 0, ContainerState.Exited));
        SetUsage("c1", "app", T0, cpu: 10_000_000_000, memory: 3 * 1024 * 1024);
        SetUsage("c2", "sidecar", T0, cpu: 1_000_000_000, memory: 1024 * 1024);
        using var stats = new NodeStats(new NodeStatsOptions { NodeName = "n1", ProcRoot = proc.FullName, MinimumSampleInterval = TimeSpan.Zero }, runtime, clock);
        var first = await stats.GetSummaryAsync(CancellationToken.None);
        Assert.Null(first.Node.Cpu.UsageNanoCores);

        clock.Now = T0.AddSeconds(2);
        WriteProc(busyTicks: 1100);
        SetUsage("c1", "app", T0.AddSeconds(2), cpu: 10_500_000_000, memory: 4 * 1024 * 1024);
        SetUsage("c2", "sidecar", T0.AddSeconds(2), cpu: 1_100_000_000, memory: 1024 * 1024);
        var summary = await stats.GetSummaryAsync(CancellationToken.None);

        Assert.Equal("n1", summary.Node.NodeName);
        Assert.Equal(500_000_000UL, summary.Node.Cpu.UsageNanoCores);
        Assert.Equal(1100UL * 10_000_000, summary.Node.Cpu.UsageCoreNanoSeconds);
        Assert.Equal((2048UL - 512 - 256) * 1024, summary.Node.Memory.WorkingSetBytes);
        var pod = Assert.Single(summary.Pods);
        Assert.Equal(("web", "default", "uid-1"), (pod.Name, pod.Namespace, pod.Uid));
        Assert.Equal(["app", "sidecar"], pod.Containers.Select(c => c.Name));
        Assert.Equal(250_000_000UL, pod.Containers[0].Cpu.UsageNanoCores);
        Assert.Equal(50_000_000UL, pod.Containers[1].Cpu.UsageNanoCores);
        Assert.Equal(300_000_000UL, pod.Cpu!.UsageNanoCores);
        Assert.Equal(5UL * 1024 * 1024, pod.Memory!.WorkingSetBytes);
    }

    [Fact]
    public async Task GetSummaryAsync_ContainerNewerThanLastSample_RateOverItsLife()
    {
        WriteProc(busyTicks: 1000);
        runtime.Sandboxes.Add(new PodSandboxInfo("s1", "web", "default", "uid-1", 0, PodSandboxState.Ready));
        using var stats = new NodeStats(new NodeStatsOptions { NodeName = "n1", ProcRoot = proc.FullName, MinimumSampleInterval = TimeSpan.Zero }, runtime, clock);
        await stats.GetSummaryAsync(CancellationToken.None);

        runtime.Containers.Add(new ContainerInfo("c1", "s1", "app", 0, ContainerState.Running) { CreatedAt = T0 });
        SetUsage("c1", "app", T0.AddSeconds(4), cpu: 1_000_000_000, memory: 1024);
        var summary = await stats.GetSummaryAsync(CancellationToken.None);

        Assert.Equal(250_000_000UL, Assert.Single(Assert.Single(summary.Pods).Containers).Cpu.UsageNanoCores);
    }

    private void SetUsage(string id, string name, DateTimeOffset at, ulong cpu, ulong memory)
    {
        runtime.Usages.RemoveAll(u => u.ContainerId == id);
        runtime.Usages.Add(new ContainerUsage(id, name, at) { CpuUsageCoreNanoSeconds = cpu, MemoryWorkingSetBytes = memory });
    }

    private void WriteProc(ulong busyTicks)
    {
        File.WriteAllLines(Path.Combine(proc.FullName, "stat"), [$"cpu  {busyTicks} 0 0 5000 0 0 0 0 0 0", "btime 1796151693"]);
        File.WriteAllLines(Path.Combine(proc.FullName, "meminfo"), ["MemTotal:       2048 kB", "MemFree:         512 kB", "Inactive(file):  256 kB"]);
    }
}
