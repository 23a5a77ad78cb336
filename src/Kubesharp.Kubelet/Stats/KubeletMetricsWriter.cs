using System.Globalization;
using System.Text;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// The kubelet's own <c>/metrics</c> (Prometheus text, upstream's names and help texts): the node name,
/// running pods and containers by state as the runtime reports them, and the process figures every
/// Go component exports (start time, resident memory, CPU seconds).
/// </summary>
internal static class KubeletMetricsWriter
{
    public static string Write(string nodeName, IReadOnlyList<PodSandboxInfo> sandboxes, IReadOnlyList<ContainerInfo> containers, ProcessFigures process)
    {
        var text = new StringBuilder(1024);
        Header(text, "kubelet_node_name", "[ALPHA] The node's name. The count is always 1.", "gauge");
        text.Append("kubelet_node_name{node=\"").Append(Escape(nodeName)).Append("\"} 1\n");

        Header(text, "kubelet_running_pods", "[ALPHA] Number of pods that have a running pod sandbox", "gauge");
        Line(text, "kubelet_running_pods", sandboxes.Count(s => s.State == PodSandboxState.Ready));

        Header(text, "kubelet_running_containers", "[ALPHA] Number of containers currently running", "gauge");
        foreach (var (state, label) in new[] { (ContainerState.Created, "created"), (ContainerState.Exited, "exited"), (ContainerState.Running, "running"), (ContainerState.Unknown, "unknown") })
        {
            Line(text, $"kubelet_running_containers{{container_state=\"{label}\"}}", containers.Count(c => c.State == state));
        }

        Header(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter");
        Line(text, "process_cpu_seconds_total", process.CpuSeconds);
        Header(text, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
        Line(text, "process_resident_memory_bytes", process.ResidentBytes);
        Header(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge");
        Line(text, "process_start_time_seconds", process.StartTime.ToUnixTimeMilliseconds() / 1000.0);
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string series, double value) =>
        text.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    // Prometheus label values escape backslash, quote and newline.
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
