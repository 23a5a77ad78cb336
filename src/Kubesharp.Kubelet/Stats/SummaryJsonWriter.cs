using System.Globalization;
using System.Text.Json;

namespace Kubesharp.Kubelet.Stats;

/// <summary>Writes the Summary API (<c>/stats/summary</c>) JSON: the node and pod cpu/memory subset metrics-server reads.</summary>
internal static class SummaryJsonWriter
{
    public static async Task WriteAsync(Stream body, StatsSummary summary, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        Write(json, summary);
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static void Write(Utf8JsonWriter json, StatsSummary summary)
    {
        json.WriteStartObject();
        json.WriteStartObject("node");
        json.WriteString("nodeName", summary.Node.NodeName);
        json.WriteString("startTime", Rfc3339(summary.Node.StartTime));
        WriteCpu(json, summary.Node.Cpu);
        WriteMemory(json, summary.Node.Memory);
        json.WriteEndObject();
        json.WriteStartArray("pods");
        foreach (var pod in summary.Pods)
        {
            json.WriteStartObject();
            json.WriteStartObject("podRef");
            json.WriteString("name", pod.Name);
            json.WriteString("namespace", pod.Namespace);
            json.WriteString("uid", pod.Uid);
            json.WriteEndObject();
            json.WriteString("startTime", Rfc3339(pod.StartTime));
            json.WriteStartArray("containers");
            foreach (var container in pod.Containers)
            {
                json.WriteStartObject();
                json.WriteString("name", container.Name);
                json.WriteString("startTime", Rfc3339(container.StartTime));
                WriteCpu(json, container.Cpu);
                WriteMemory(json, container.Memory);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (pod.Cpu is { } cpu)
            {
                WriteCpu(json, cpu);
            }

            if (pod.Memory is { } memory)
            {
                WriteMemory(json, memory);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCpu(Utf8JsonWriter json, CpuUsage cpu)
    {
        json.WriteStartObject("cpu");
        json.WriteString("time", Rfc3339(cpu.Time));
        if (cpu.UsageNanoCores is { } nanoCores)
        {
            json.WriteNumber("usageNanoCores", nanoCores);
        }

        json.WriteNumber("usageCoreNanoSeconds", cpu.UsageCoreNanoSeconds);
        json.WriteEndObject();
    }

    private static void WriteMemory(Utf8JsonWriter json, MemoryUsage memory)
    {
        json.WriteStartObject("memory");
        json.WriteString("time", Rfc3339(memory.Time));
        if (memory.AvailableBytes is { } available)
        {
            json.WriteNumber("availableBytes", available);
        }

        if (memory.UsageBytes is { } usage)
        {
            json.WriteNumber("usageBytes", usage);
        }

        json.WriteNumber("workingSetBytes", memory.WorkingSetBytes);
        json.WriteEndObject();
    }

    // Upstream serializes metav1.Time with second precision in UTC.
    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
