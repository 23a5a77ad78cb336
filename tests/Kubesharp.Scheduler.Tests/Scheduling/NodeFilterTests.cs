using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Scheduling;

namespace Kubesharp.Scheduler.Tests.Scheduling;

public sealed class NodeFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Decide_EveryNodeFits_StopsAtTheAdaptiveShareAndMovesTheStartPastIt(int parallelism)
    {
        var cache = Objects.Cluster(Enumerable.Range(0, 1000).Select(i => Objects.Node($"n{i:D4}", cpu: "8")).ToArray());
        var start = 990;

        var decision = Placement.Decide(Objects.PodOf(Objects.Pod("p", cpu: "1")), cache, new Profile(), ref start, parallelism);

        Assert.NotNull(decision.Node);
        Assert.Equal((990 + Placement.FeasibleNodesToFind(1000)) % 1000, start); // 420 looked at, round the end of the list
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Decide_OnlyOneNodeFits_FindsItAndCountsEveryRefusal(int parallelism)
    {
        var nodes = Enumerable.Range(0, 1000).Select(i => Objects.Node($"n{i:D4}", cpu: i == 637 ? "8" : "1")).ToArray();
        var cache = Objects.Cluster(nodes);
        var start = 0;

        var fits = Placement.Decide(Objects.PodOf(Objects.Pod("p", cpu: "4")), cache, new Profile(), ref start, parallelism);
        Assert.Equal("n0637", fits.Node);

        var none = Placement.Decide(Objects.PodOf(Objects.Pod("q", cpu: "16")), cache, new Profile(), ref start, parallelism);
        Assert.Null(none.Node);
        Assert.Equal("0/1000 nodes are available: 1000 Insufficient cpu.", none.FailureMessage());
    }

    [Fact]
    public void Parallel_FewerFeasibleThanWanted_ReturnsEachOnce()
    {
        var nodes = Enumerable.Range(0, 600).Select(i => Objects.Node($"n{i:D4}", cpu: i % 3 == 0 ? "8" : "1")).ToArray();
        var cache = Objects.Cluster(nodes);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);

        var (feasible, processed) = new NodeFilter(Objects.PodOf(Objects.Pod("p", cpu: "4")), new Profile(), null, cache.Nodes, 17).Parallel(Placement.FeasibleNodesToFind(600), 4, reasons);

        Assert.Equal(200, feasible.Count);
        Assert.Equal(200, feasible.Select(n => n.Name).Distinct().Count());
        Assert.Equal(600, processed);
        Assert.Equal(400, reasons["Insufficient cpu"]);
    }

    [Theory]
    [InlineData(5000, 16, 70)]
    [InlineData(100, 16, 7)]
    [InlineData(10, 16, 1)]
    public void ChunkSize_AsUpstream(int nodes, int parallelism, int expected) =>
        Assert.Equal(expected, NodeFilter.ChunkSize(nodes, parallelism));
}
