using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Metrics;

namespace Kubesharp.ApiServer.Tests.Metrics;

public sealed class SummaryParserTests
{
    [Fact]
    public void Parse_Summary_NodeAndCompletePodsOnly()
    {
        var usage = SummaryParser.Parse(JsonNode.Parse(MetricsFixtures.SummaryJson), "n1")!;

        Assert.Equal(150_000_000UL, usage.NanoCores);
        Assert.Equal(536_870_912UL, usage.WorkingSetBytes);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), usage.Time);
        var pod = Assert.Single(usage.Pods);
        Assert.Equal(("default", "web"), (pod.Namespace, pod.Name));
        Assert.Equal([new ContainerUsage("app", 2_000_000, 4 * 1024 * 1024), new ContainerUsage("sidecar", 1_000_000, 1024 * 1024)], pod.Containers);
    }

    [Fact]
    public void Parse_NodeWithoutRateYet_Null()
    {
        Assert.Null(SummaryParser.Parse(JsonNode.Parse("""{"node":{"cpu":{"usageCoreNanoSeconds":5},"memory":{"workingSetBytes":1}}}"""), "n1"));
        Assert.Null(SummaryParser.Parse(JsonNode.Parse("[]"), "n1"));
    }
}
