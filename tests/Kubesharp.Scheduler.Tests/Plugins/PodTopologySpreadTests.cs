using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Model;
using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private const string Zone = "topology.kubernetes.io/zone";

    [Theory]
    [InlineData(1, 2, 1, "a,b")] // z1 would hold 3 against z2's 1
    [InlineData(2, 2, 1, "")] // skew 2 allowed
    [InlineData(1, 1, 1, "")] // balanced: either zone
    [InlineData(1, 0, 0, "")]
    public void Filter_ZoneMaxSkew_RefusesDomainsThatWouldExceedIt(int maxSkew, int inZone1, int inZone2, string refused)
    {
        var cache = FourNodes();
        for (var i = 0; i < inZone1; i++)
        {
            Objects.Place(cache, Web($"z1-{i}"), "a");
        }

        for (var i = 0; i < inZone2; i++)
        {
            Objects.Place(cache, Web($"z2-{i}"), "c");
        }

        var results = FilterAll(cache, Web("new", Constraint(maxSkew, Zone)));

        var expected = refused.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(cache.Nodes, n => Assert.Equal(expected.Contains(n.Name) ? PodTopologySpreadCycle.Reason : null, results[n.Name]));
    }

    [Fact]
    public void Filter_NodeWithoutTheTopologyLabel_RefusedAsMissingRequiredLabel()
    {
        var cache = FourNodes();
        cache.SetNode("bare", Objects.Node("bare"));

        Assert.Equal(PodTopologySpreadCycle.MissingLabelReason, FilterAll(cache, Web("new", Constraint(1, Zone)))["bare"]);
    }

    [Fact]
    public void Filter_FewerDomainsThanMinDomains_TreatsTheMinimumAsZero()
    {
        var cache = FourNodes();
        Objects.Place(cache, Web("z1"), "a");
        Objects.Place(cache, Web("z2"), "c");
        var constraint = Constraint(1, Zone);

        Assert.All(FilterAll(cache, Web("new", constraint)).Values, Assert.Null);
        constraint["minDomains"] = 3;
        Assert.All(FilterAll(cache, Web("new", constraint)).Values, r => Assert.Equal(PodTopologySpreadCycle.Reason, r));
    }

    [Fact]
    public void Filter_NodeAffinityPolicy_HonourLeavesExcludedDomainsOutIgnoreCountsThem()
    {
        var cache = Objects.Cluster(
            Objects.Node("a", labels: new JsonObject { [Zone] = "z1", ["disk"] = "ssd" }),
            Objects.Node("c", labels: new JsonObject { [Zone] = "z2", ["disk"] = "ssd" }),
            Objects.Node("e", labels: new JsonObject { [Zone] = "z3", ["disk"] = "hdd" }));
        Objects.Place(cache, Web("z1"), "a");
        Objects.Place(cache, Web("z2"), "c");
        var ignore = Constraint(1, Zone);
        ignore["nodeAffinityPolicy"] = "Ignore";
        JsonObject Pod(JsonObject constraint)
        {
            var pod = Web("new", constraint);
            pod["spec"]!["nodeSelector"] = new JsonObject { ["disk"] = "ssd" };
            return pod;
        }

        Assert.Null(FilterAll(cache, Pod(Constraint(1, Zone)))["a"]); // domains z1, z2: min 1
        Assert.Equal(PodTopologySpreadCycle.Reason, FilterAll(cache, Pod(ignore))["a"]); // z3 counts: min 0
    }

    [Fact]
    public void Filter_TerminatingAndUnselectedPods_DoNotCount()
    {
        var cache = FourNodes();
        var leaving = Web("leaving");
        leaving["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        Objects.Place(cache, leaving, "a");
        Objects.Place(cache, Objects.Labeled("db", new JsonObject { ["app"] = "db" }), "a");

        Assert.All(FilterAll(cache, Web("new", Constraint(1, Zone))).Values, Assert.Null);
    }

    [Fact]
    public void Score_ScheduleAnyway_FavoursTheEmptierZone()
    {
        var cache = FourNodes();
        Objects.Place(cache, Web("z1-0"), "a");
        Objects.Place(cache, Web("z1-1"), "b");
        var soft = Constraint(1, Zone);
        soft["whenUnsatisfiable"] = "ScheduleAnyway";
        var pod = Web("new", soft);
        var cycle = new PodTopologySpread(new NodeAffinity(), new TaintToleration()).Begin(Objects.PodOf(pod, Objects.Key(pod)), cache)!;
        var scores = new long[4];

        Assert.Null(cycle.Filter(Objects.NodeIn(cache, "a"))); // ScheduleAnyway never filters
        cycle.Score(cache.Nodes, scores);

        Assert.Equal(scores[2], scores[3]);
        Assert.Equal(100, scores[2]);
        Assert.True(scores[0] < scores[2], $"z1 node scored {scores[0]}");
    }

    [Fact]
    public void Begin_NoConstraints_SkipsThePod()
    {
        Assert.Null(new PodTopologySpread(new NodeAffinity(), new TaintToleration()).Begin(Objects.PodOf(Web("p")), FourNodes()));
    }

    [Fact]
    public void Score_NoConstraintsButOwned_SystemDefaultsSpreadOverHostsAndZones()
    {
        var cache = FourNodes();
        cache.SetNode("bare", Objects.Node("bare")); // hostname label only: the zone default says nothing about it
        Objects.Place(cache, Web("z1-0"), "a");
        Objects.Place(cache, Web("z1-1"), "a");
        Objects.Place(cache, Web("z1-2"), "b");
        var plugin = new PodTopologySpread(new NodeAffinity(), new TaintToleration(), new FixedSelectors(LabelSelector.Parse("app=web")));
        var cycle = plugin.Begin(Objects.PodOf(Web("new"), "default/new"), cache)!;
        var scores = new long[cache.Nodes.Count];

        Assert.All(cache.Nodes, n => Assert.Null(cycle.Filter(n))); // ScheduleAnyway: never filters
        cycle.Score(cache.Nodes, scores);
        var by = cache.Nodes.Select((n, i) => (n.Name, Score: scores[i])).ToDictionary(x => x.Name, x => x.Score);

        Assert.True(by["a"] < by["b"], $"a {by["a"]} b {by["b"]}"); // two pods on a, one on b
        Assert.True(by["b"] < by["c"], $"b {by["b"]} c {by["c"]}"); // zone z1 holds three
        Assert.Equal(by["c"], by["d"]);
        Assert.True(by["bare"] > 0, "a node without the zone label is not zeroed under the system defaults");
    }

    [Fact]
    public void Begin_NoConstraintsNothingSelectsIt_NoDefaults()
    {
        var plugin = new PodTopologySpread(new NodeAffinity(), new TaintToleration(), new FixedSelectors(null));
        Assert.Null(plugin.Begin(Objects.PodOf(Web("p")), FourNodes()));
    }

    [Fact]
    public void Begin_OwnConstraints_SystemDefaultsNotAdded()
    {
        var plugin = new PodTopologySpread(new NodeAffinity(), new TaintToleration(), new FixedSelectors(LabelSelector.Parse("app=web")));
        var cache = FourNodes();
        Objects.Place(cache, Web("z1-0"), "a");
        Objects.Place(cache, Web("z1-1"), "b");
        var pod = Web("new", Constraint(1, Zone));

        var cycle = plugin.Begin(Objects.PodOf(pod, Objects.Key(pod)), cache)!;

        Assert.Equal(PodTopologySpreadCycle.Reason, cycle.Filter(Objects.NodeIn(cache, "a"))); // its own hard zone constraint only
    }

    private sealed class FixedSelectors(LabelSelector? selector) : ISpreadSelectors
    {
        public LabelSelector? For(PodInfo pod) => selector;
    }

    private static SchedulerCache FourNodes() => Objects.Cluster(Objects.ZonedNode("a", "z1"), Objects.ZonedNode("b", "z1"), Objects.ZonedNode("c", "z2"), Objects.ZonedNode("d", "z2"));

    private static JsonObject Web(string name, JsonObject? constraint = null) =>
        Objects.Labeled(name, new JsonObject { ["app"] = "web" }, constraint is null ? null : new JsonObject { ["topologySpreadConstraints"] = new JsonArray(constraint.DeepClone()) });

    internal static JsonObject Constraint(int maxSkew, string key) => new()
    {
        ["maxSkew"] = maxSkew,
        ["topologyKey"] = key,
        ["whenUnsatisfiable"] = "DoNotSchedule",
        ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
    };

    private static Dictionary<string, string?> FilterAll(SchedulerCache cache, JsonObject pod)
    {
        var cycle = new PodTopologySpread(new NodeAffinity(), new TaintToleration()).Begin(Objects.PodOf(pod, Objects.Key(pod)), cache);
        return cache.Nodes.ToDictionary(n => n.Name, n => cycle?.Filter(n));
    }
}
