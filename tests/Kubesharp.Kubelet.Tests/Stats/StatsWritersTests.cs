using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Stats;

namespace Kubesharp.Kubelet.Tests.Stats;

public sealed class StatsWritersTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_764_590_400_123);

    private static StatsSummary Summary()
    {
        var container = new ContainerSummary("app", At.AddMinutes(-1), new CpuUsage(At, 1_500_000_000) { UsageNanoCores = 2_000_000 }, new MemoryUsage(At, 4096));
        var pod = new PodSummary("web", "default", "uid-1", At.AddMinutes(-2), [container])
        {
            Cpu = new CpuUsage(At, 1_500_000_000) { UsageNanoCores = 2_000_000 },
            Memory = new MemoryUsage(At, 4096),
        };
        var node = new NodeSummary("n1", At.AddHours(-1), new CpuUsage(At, 42_000_000_000) { UsageNanoCores = 150_000_000 },
            new MemoryUsage(At, 1_000_000) { UsageBytes = 2_000_000, AvailableBytes = 3_000_000 });
        return new StatsSummary(node, [pod]);
    }

    [Fact]
    public void Write_ResourceMetrics_UpstreamNamesLabelsAndTimestamps()
    {
        var text = ResourceMetricsWriter.Write(Summary());

        Assert.Contains("# TYPE container_cpu_usage_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web\"} 1.5 1764590400123\n", text, StringComparison.Ordinal);
        Assert.Contains("container_memory_working_set_bytes{container=\"app\",namespace=\"default\",pod=\"web\"} 4096 1764590400123\n", text, StringComparison.Ordinal);
        Assert.Contains("node_cpu_usage_seconds_total 42 1764590400123\n", text, StringComparison.Ordinal);
        Assert.Contains("node_memory_working_set_bytes 1000000 1764590400123\n", text, StringComparison.Ordinal);
        Assert.Contains("pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"web\"} 1.5 1764590400123\n", text, StringComparison.Ordinal);
        Assert.Contains("pod_memory_working_set_bytes{namespace=\"default\",pod=\"web\"} 4096 1764590400123\n", text, StringComparison.Ordinal);
        Assert.EndsWith("scrape_error 0\n", text, StringComparison.Ordinal);

        // Every sample line belongs to a family declared just before it, as the text format requires.
        string? family = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
            }
            else if (!line.StartsWith('#'))
            {
                Assert.StartsWith(family!, line, StringComparison.Ordinal);
                // name{labels} value timestamp; scrape_error is the one sample upstream leaves unstamped.
                Assert.Equal(family == "scrape_error" ? 2 : 3, line.Split(' ').Length);
            }
        }
    }

    [Fact]
    public void Write_LabelValueWithQuote_Escaped()
    {
        var summary = Summary();
        var pod = summary.Pods[0] with { Name = "we\"b" };
        var text = ResourceMetricsWriter.Write(summary with { Pods = [pod] });
        Assert.Contains("pod=\"we\\\"b\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Summary_UpstreamShape()
    {
        using var body = new MemoryStream();
        await SummaryJsonWriter.WriteAsync(body, Summary(), CancellationToken.None);
        var json = JsonNode.Parse(body.ToArray())!;

        Assert.Equal("n1", (string?)json["node"]!["nodeName"]);
        Assert.Equal(150_000_000UL, json["node"]!["cpu"]!["usageNanoCores"]!.GetValue<ulong>());
        Assert.Equal(1_000_000UL, json["node"]!["memory"]!["workingSetBytes"]!.GetValue<ulong>());
        Assert.Equal(3_000_000UL, json["node"]!["memory"]!["availableBytes"]!.GetValue<ulong>());
        var pod = json["pods"]![0]!;
        Assert.Equal("web", (string?)pod["podRef"]!["name"]);
        Assert.Equal("uid-1", (string?)pod["podRef"]!["uid"]);
        Assert.Equal("app", (string?)pod["containers"]![0]!["name"]);
        Assert.Equal(2_000_000UL, pod["containers"]![0]!["cpu"]!["usageNanoCores"]!.GetValue<ulong>());
        Assert.Equal("2025-12-01T12:00:00Z", (string?)pod["cpu"]!["time"]);
        Assert.Equal(JsonValueKind.Number, pod["memory"]!["workingSetBytes"]!.GetValueKind());
    }

    [Fact]
    public void Write_KubeletMetrics_NodeNameRunningPodsAndContainersByState()
    {
        PodSandboxInfo[] sandboxes = [new("s1", "web", "default", "u1", 0, PodSandboxState.Ready), new("s2", "old", "default", "u2", 0, PodSandboxState.NotReady)];
        ContainerInfo[] containers = [new("c1", "s1", "app", 0, ContainerState.Running), new("c2", "s1", "side", 0, ContainerState.Running), new("c3", "s2", "app", 1, ContainerState.Exited)];

        var text = KubeletMetricsWriter.Write("node-\"a\"", sandboxes, containers, new ProcessFigures(1.25, 4096, At));

        Assert.Contains("kubelet_node_name{node=\"node-\\\"a\\\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kubelet_running_pods gauge\nkubelet_running_pods 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kubelet_running_containers{container_state=\"running\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kubelet_running_containers{container_state=\"exited\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kubelet_running_containers{container_state=\"created\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total 1.25\n", text, StringComparison.Ordinal);
        Assert.Contains("process_start_time_seconds 1764590400.123\n", text, StringComparison.Ordinal);
    }
}
