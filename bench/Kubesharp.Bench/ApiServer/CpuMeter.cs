using System.Diagnostics;

namespace Kubesharp.Bench.ApiServer;

/// <summary>Process CPU time, GC counts and GC pause time over one phase, per request.</summary>
internal readonly record struct CpuMeter(TimeSpan Cpu, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static CpuMeter Start() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public CpuUse Stop(int requests)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
        var perK = 1000.0 / Math.Max(1, requests);
        return new CpuUse(
            cpu.TotalMilliseconds / Math.Max(1, requests),
            (GC.CollectionCount(0) - Gen0) * perK,
            (GC.CollectionCount(1) - Gen1) * perK,
            (GC.CollectionCount(2) - Gen2) * perK,
            (GC.GetTotalPauseDuration() - Paused).TotalMilliseconds / Math.Max(1, cpu.TotalMilliseconds) * 100,
            (GC.GetTotalAllocatedBytes() - Allocated) / 1024.0 / Math.Max(1, requests));
    }
}

/// <summary>One phase's CPU figures: milliseconds of process CPU per request, GCs per 1,000 requests, GC pause as % of CPU time, KiB allocated per request.</summary>
internal readonly record struct CpuUse(double MsPerRequest, double Gen0Per1k, double Gen1Per1k, double Gen2Per1k, double PausePercentOfCpu, double AllocatedKiBPerRequest)
{
    public override string ToString() =>
        $"process_cpu_ms_per_request={ResultLine.Number(MsPerRequest)} gen0_per_1k={ResultLine.Number(Gen0Per1k)} gen1_per_1k={ResultLine.Number(Gen1Per1k)} gen2_per_1k={ResultLine.Number(Gen2Per1k)} gc_pause_pct_of_cpu={ResultLine.Number(PausePercentOfCpu)} allocated_kib_per_request={ResultLine.Number(AllocatedKiBPerRequest)}";
}
