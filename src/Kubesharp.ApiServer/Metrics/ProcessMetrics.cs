using System.Globalization;
using System.Text;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// The process and .NET runtime families a Prometheus client library exports by default (the names
/// prometheus-net uses, beside upstream's <c>process_*</c>): CPU, resident memory, threads, and the
/// garbage collector's collections, pause time and allocations, so a scrape can say what the server
/// spends its CPU on. Read on demand; nothing is kept.
/// </summary>
internal static class ProcessMetrics
{
    public static void Write(StringBuilder text)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Counter(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", Environment.CpuUsage.TotalTime.TotalSeconds);
        Gauge(text, "process_resident_memory_bytes", "Resident memory size in bytes.", Environment.WorkingSet);
        Gauge(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        Gauge(text, "process_num_threads", "Total number of threads.", process.Threads.Count);

        text.Append("# HELP dotnet_collection_count_total GC collection count.\n# TYPE dotnet_collection_count_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append("dotnet_collection_count_total{generation=\"").Append(generation.ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Counter(text, "dotnet_gc_pause_seconds_total", "Total time the runtime was paused for garbage collections.", GC.GetTotalPauseDuration().TotalSeconds);
        Counter(text, "dotnet_gc_allocated_bytes_total", "Total bytes allocated on the managed heap.", GC.GetTotalAllocatedBytes());
        Gauge(text, "dotnet_total_memory_bytes", "Total known allocated memory.", GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Counter(StringBuilder text, string name, string help, double value) => Family(text, name, help, "counter", value);

    private static void Gauge(StringBuilder text, string name, string help, double value) => Family(text, name, help, "gauge", value);

    private static void Family(StringBuilder text, string name, string help, string type, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
