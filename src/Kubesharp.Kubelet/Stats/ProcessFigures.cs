using System.Diagnostics;

namespace Kubesharp.Kubelet.Stats;

/// <summary>This process's CPU time, resident memory and start time, for <c>process_*</c> metrics.</summary>
internal sealed record ProcessFigures(double CpuSeconds, long ResidentBytes, DateTimeOffset StartTime)
{
    public static ProcessFigures Current()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessFigures(self.TotalProcessorTime.TotalSeconds, self.WorkingSet64, new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero));
    }
}
