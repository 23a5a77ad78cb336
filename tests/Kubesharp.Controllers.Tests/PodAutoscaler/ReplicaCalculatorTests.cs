using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.PodAutoscaler;

namespace Kubesharp.Controllers.Tests.PodAutoscaler;

public sealed class ReplicaCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricTarget CpuHalf = MetricTarget.Cpu(50);

    [Theory]
    [InlineData(new long[] { 100, 100, 100 }, 6, 100)] // 100% of request against 50%: double
    [InlineData(new long[] { 53, 53, 53 }, 3, 53)] // within the 10% tolerance: unchanged
    [InlineData(new long[] { 10, 10, 10, 10 }, 1, 10)] // 10%: ceil(4 × 0.2)
    [InlineData(new long[] { 70, 80 }, 3, 75)] // 75% of whole percents: ceil(2 × 1.5)
    public void Compute_Utilization_CeilOfReadyPodsTimesRatio(long[] usage, int expected, int utilization)
    {
        var pods = usage.Select((_, i) => Pod($"p{i}")).ToList();
        var metrics = usage.Select((u, i) => (Name: $"p{i}", Usage: u)).ToDictionary(x => x.Name, x => Sample(x.Usage));

        var proposal = ReplicaCalculator.Compute(CpuHalf, usage.Length, pods, metrics, Now);

        Assert.Equal(expected, proposal.Replicas);
        Assert.Equal(utilization, proposal.Utilization);
        Assert.Equal(usage.Sum() / usage.Length, proposal.AverageMilli);
    }

    [Fact]
    public void Compute_MissingMetricsOnScaleDown_CountAsTheirWholeRequest()
    {
        var pods = Enumerable.Range(0, 4).Select(i => Pod($"p{i}")).ToList();
        var metrics = new Dictionary<string, PodUsage> { ["p0"] = Sample(10), ["p1"] = Sample(10) };

        // 10% without the missing pods; with them at 100% it is 55%, which would turn the decision over: keep 4.
        Assert.Equal(4, ReplicaCalculator.Compute(CpuHalf, 4, pods, metrics, Now).Replicas);

        var mostlyIdle = Enumerable.Range(0, 10).Select(i => Pod($"p{i}")).ToList();
        var one = new Dictionary<string, PodUsage> { ["p0"] = Sample(10), ["p1"] = Sample(10), ["p2"] = Sample(10), ["p3"] = Sample(10), ["p4"] = Sample(10), ["p5"] = Sample(10), ["p6"] = Sample(10), ["p7"] = Sample(10), ["p8"] = Sample(10) };

        // 9 pods at 10% and one missing at 100%: 19% → ceil(10 × 0.38) = 4.
        Assert.Equal(4, ReplicaCalculator.Compute(CpuHalf, 10, mostlyIdle, one, Now).Replicas);
    }

    [Theory]
    [InlineData(100, 4)] // 2 ready at 100%, 2 pending as 0: 50% → no change
    [InlineData(200, 8)] // 200% → with the pending at 0: 100% → ceil(4 × 2)
    public void Compute_PendingPodsOnScaleUp_CountAsZero(long usage, int expected)
    {
        var pods = new List<JsonObject> { Pod("p0"), Pod("p1"), Pod("p2", phase: "Pending"), Pod("p3", phase: "Pending") };
        var metrics = new Dictionary<string, PodUsage> { ["p0"] = Sample(usage), ["p1"] = Sample(usage) };

        Assert.Equal(expected, ReplicaCalculator.Compute(CpuHalf, 4, pods, metrics, Now).Replicas);
    }

    [Fact]
    public void Compute_DeletedAndFailedPods_AreIgnored()
    {
        var leaving = Pod("p1");
        leaving["metadata"]!["deletionTimestamp"] = Json.Stamp(Now);
        var pods = new List<JsonObject> { Pod("p0"), leaving, Pod("p2", phase: "Failed") };
        var metrics = new Dictionary<string, PodUsage> { ["p0"] = Sample(100), ["p1"] = Sample(0), ["p2"] = Sample(0) };

        Assert.Equal(2, ReplicaCalculator.Compute(CpuHalf, 3, pods, metrics, Now).Replicas);
    }

    [Fact]
    public void Compute_AverageValueTarget_RatioOfAverageUsage()
    {
        var target = MetricTarget.From(new JsonObject
        {
            ["type"] = "Resource",
            ["resource"] = new JsonObject { ["name"] = "memory", ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = "100Mi" } },
        });
        var mi = 1024L * 1024 * 1000;
        var metrics = new Dictionary<string, PodUsage> { ["p0"] = Sample(300 * mi), ["p1"] = Sample(100 * mi) };

        var proposal = ReplicaCalculator.Compute(target, 2, [Pod("p0"), Pod("p1")], metrics, Now);

        Assert.Equal(4, proposal.Replicas);
        Assert.Null(proposal.Utilization);
        Assert.Equal("memory resource", target.Name);
    }

    [Fact]
    public void Compute_ContainerWithoutRequest_FailsWithUpstreamMessage()
    {
        var pod = Pod("p0");
        pod["spec"]!["containers"]![0]!["resources"] = new JsonObject();

        var e = Assert.Throws<InvalidOperationException>(() => ReplicaCalculator.Compute(CpuHalf, 1, [pod], new Dictionary<string, PodUsage> { ["p0"] = Sample(10) }, Now));

        Assert.Equal("missing request for cpu in container c of Pod p0", e.Message);
    }

    [Fact]
    public void Compute_CpuOfPodNotSampledSinceItBecameReady_DoesNotCount()
    {
        var pod = Pod("p0", started: Now.AddMinutes(-1), readySince: Now.AddSeconds(-10));

        var e = Assert.Throws<InvalidOperationException>(() => ReplicaCalculator.Compute(CpuHalf, 1, [pod], new Dictionary<string, PodUsage> { ["p0"] = Sample(100) }, Now));

        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", e.Message);
        Assert.Throws<InvalidOperationException>(() => ReplicaCalculator.Compute(CpuHalf, 1, [], new Dictionary<string, PodUsage>(), Now));
    }

    private static PodUsage Sample(long milli) => new(Now.AddSeconds(-5), TimeSpan.FromSeconds(30), new Dictionary<string, long> { ["c"] = milli });

    internal static JsonObject Pod(string name, string phase = "Running", DateTimeOffset? started = null, DateTimeOffset? readySince = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "web" } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "c",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "100Mi" } },
            }),
        },
        ["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["startTime"] = Json.Stamp(started ?? Now.AddMinutes(-10)),
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = phase == "Running" ? "True" : "False", ["lastTransitionTime"] = Json.Stamp(readySince ?? Now.AddMinutes(-10)) }),
        },
    };
}
