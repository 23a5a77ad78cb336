using System.Globalization;
using System.Text;

namespace Kubesharp.Kubelet.Stats;

/// <summary>
/// Writes the kubelet's <c>/metrics/resource</c> in the Prometheus text format with upstream's metric
/// names, help texts and millisecond sample timestamps, so metrics-server can scrape it.
/// </summary>
internal static class ResourceMetricsWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(StatsSummary summary)
    {
        var text = new StringBuilder(1024);
        Header(text, "container_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the container in core-seconds", "counter");
        foreach (var (pod, container) in Containers(summary))
        {
            Sample(text, "container_cpu_usage_seconds_total", ContainerLabels(pod, container), Seconds(container.Cpu.UsageCoreNanoSeconds), container.Cpu.Time);
        }

        Header(text, "container_memory_working_set_bytes", "[STABLE] Current working set of the container in bytes", "gauge");
        foreach (var (pod, container) in Containers(summary))
        {
            Sample(text, "container_memory_working_set_bytes", ContainerLabels(pod, container), container.Memory.WorkingSetBytes, container.Memory.Time);
        }

        Header(text, "container_start_time_seconds", "[STABLE] Start time of the container since unix epoch in seconds", "gauge");
        foreach (var (pod, container) in Containers(summary))
        {
            Sample(text, "container_start_time_seconds", ContainerLabels(pod, container), container.StartTime.ToUnixTimeMilliseconds() / 1000.0, container.StartTime);
        }

        var node = summary.Node;
        Header(text, "node_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the node in core-seconds", "counter");
        Sample(text, "node_cpu_usage_seconds_total", "", Seconds(node.Cpu.UsageCoreNanoSeconds), node.Cpu.Time);
        Header(text, "node_memory_working_set_bytes", "[STABLE] Current working set of the node in bytes", "gauge");
        Sample(text, "node_memory_working_set_bytes", "", node.Memory.WorkingSetBytes, node.Memory.Time);

        Header(text, "pod_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the pod in core-seconds", "counter");
        foreach (var pod in summary.Pods)
        {
            if (pod.Cpu is { } cpu)
            {
                Sample(text, "pod_cpu_usage_seconds_total", PodLabels(pod), Seconds(cpu.UsageCoreNanoSeconds), cpu.Time);
            }
        }

        Header(text, "pod_memory_working_set_bytes", "[STABLE] Current working set of the pod in bytes", "gauge");
        foreach (var pod in summary.Pods)
        {
            if (pod.Memory is { } memory)
            {
                Sample(text, "pod_memory_working_set_bytes", PodLabels(pod), memory.WorkingSetBytes, memory.Time);
            }
        }

        Header(text, "scrape_error", "[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise", "gauge");
        text.Append("scrape_error 0\n");
        return text.ToString();
    }

    private static IEnumerable<(PodSummary Pod, ContainerSummary Container)> Containers(StatsSummary summary) =>
        summary.Pods.SelectMany(pod => pod.Containers.Select(container => (pod, container)));

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value, DateTimeOffset time) =>
        text.Append(name).Append(labels).Append(' ')
            .Append(value.ToString("G17", CultureInfo.InvariantCulture)).Append(' ')
            .Append(time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static double Seconds(ulong nanoseconds) => nanoseconds / 1e9;

    private static string ContainerLabels(PodSummary pod, ContainerSummary container) =>
        $"{{container=\"{Escape(container.Name)}\",namespace=\"{Escape(pod.Namespace)}\",pod=\"{Escape(pod.Name)}\"}}";

    private static string PodLabels(PodSummary pod) => $"{{namespace=\"{Escape(pod.Namespace)}\",pod=\"{Escape(pod.Name)}\"}}";

    // The text format escapes backslash, double quote and newline in label values.
    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
