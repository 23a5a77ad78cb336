using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Cache;
using Kubesharp.Scheduler.Plugins;

namespace Kubesharp.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Host = "kubernetes.io/hostname";

    [Theory]
    [InlineData(Host, "a", new[] { "b", "c" })]
    [InlineData(Zone, "a,b", new[] { "c" })]
    public void Filter_RequiredAntiAffinityToOwnLabels_RefusesDomainsWithAMatchingPod(string topologyKey, string refused, string[] allowed)
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("web-0", new JsonObject { ["app"] = "web" }), "a");
        var pod = Objects.Labeled("web-1", new JsonObject { ["app"] = "web" }, Affinity("podAntiAffinity", Term(new JsonObject { ["app"] = "web" }, topologyKey)));

        var results = FilterAll(cache, pod);

        Assert.All(refused.Split(','), n => Assert.Equal(InterPodAffinityCycle.AntiAffinityReason, results[n]));
        Assert.All(allowed, n => Assert.Null(results[n]));
    }

    [Fact]
    public void Filter_PlacedPodsAntiAffinitySelectsIncoming_RefusesTheirDomainOnly()
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("loner", new JsonObject { ["app"] = "loner" }, Affinity("podAntiAffinity", Term(new JsonObject { ["app"] = "db" }, Host))), "a");

        var db = FilterAll(cache, Objects.Labeled("db", new JsonObject { ["app"] = "db" }));
        var other = FilterAll(cache, Objects.Labeled("x", new JsonObject { ["app"] = "other" }));

        Assert.Equal(InterPodAffinityCycle.ExistingAntiAffinityReason, db["a"]);
        Assert.Null(db["b"]);
        Assert.All(other.Values, Assert.Null);
    }

    [Fact]
    public void Filter_RequiredAffinity_OnlyDomainsHoldingASelectedPod()
    {
        var cache = ThreeNodes();
        cache.SetNode("bare", Objects.Node("bare", labels: new JsonObject { [Host] = "bare" }));
        Objects.Place(cache, Objects.Labeled("cache-0", new JsonObject { ["app"] = "cache" }), "a");
        var pod = Objects.Labeled("web", new JsonObject { ["app"] = "web" }, Affinity("podAffinity", Term(new JsonObject { ["app"] = "cache" }, Zone)));

        var results = FilterAll(cache, pod);

        Assert.Null(results["a"]);
        Assert.Null(results["b"]);
        Assert.Equal(InterPodAffinityCycle.AffinityReason, results["c"]);
        Assert.Equal(InterPodAffinityCycle.AffinityReason, results["bare"]);
    }

    [Fact]
    public void Filter_FirstPodWithAffinityToItself_FitsAnywhereButAffinityToAbsentPodsFitsNowhere()
    {
        var cache = ThreeNodes();
        var self = Objects.Labeled("web", new JsonObject { ["app"] = "web" }, Affinity("podAffinity", Term(new JsonObject { ["app"] = "web" }, Zone)));
        var other = Objects.Labeled("web", new JsonObject { ["app"] = "web" }, Affinity("podAffinity", Term(new JsonObject { ["app"] = "cache" }, Zone)));

        Assert.All(FilterAll(cache, self).Values, Assert.Null);
        Assert.All(FilterAll(cache, other).Values, r => Assert.Equal(InterPodAffinityCycle.AffinityReason, r));
    }

    [Fact]
    public void Filter_TermNamespaces_DefaultOwnNamespaceElseListedOrSelected()
    {
        var cache = ThreeNodes();
        cache.SetNamespace("other", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other", ["labels"] = new JsonObject { ["team"] = "x" } } });
        Objects.Place(cache, Objects.Labeled("web-0", new JsonObject { ["app"] = "web" }, ns: "other"), "a");
        JsonObject Incoming(JsonObject term) => Objects.Labeled("web-1", new JsonObject { ["app"] = "web" }, Affinity("podAntiAffinity", term));
        var listed = Term(new JsonObject { ["app"] = "web" }, Host);
        listed["namespaces"] = new JsonArray("other");
        var selected = Term(new JsonObject { ["app"] = "web" }, Host);
        selected["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = "x" } };
        var unselected = Term(new JsonObject { ["app"] = "web" }, Host);
        unselected["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = "y" } };

        Assert.Null(FilterAll(cache, Incoming(Term(new JsonObject { ["app"] = "web" }, Host)))["a"]);
        Assert.Equal(InterPodAffinityCycle.AntiAffinityReason, FilterAll(cache, Incoming(listed))["a"]);
        Assert.Equal(InterPodAffinityCycle.AntiAffinityReason, FilterAll(cache, Incoming(selected))["a"]);
        Assert.Null(FilterAll(cache, Incoming(unselected))["a"]);
    }

    [Fact]
    public void Filter_MatchLabelKeys_OnlyPodsOfTheSameRevisionCount()
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("old", new JsonObject { ["app"] = "web", ["pod-template-hash"] = "1" }), "a");
        var term = Term(new JsonObject { ["app"] = "web" }, Host);
        term["matchLabelKeys"] = new JsonArray("pod-template-hash");

        var results = FilterAll(cache, Objects.Labeled("new", new JsonObject { ["app"] = "web", ["pod-template-hash"] = "2" }, Affinity("podAntiAffinity", term)));

        Assert.Null(results["a"]);
    }

    [Fact]
    public void Score_PreferredAffinityAndAntiAffinity_FavourAndAvoidTheDomain()
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("cache-0", new JsonObject { ["app"] = "cache" }), "a");
        var near = Objects.Labeled("w", new JsonObject { ["app"] = "web" }, Affinity("podAffinity", Preferred(100, Term(new JsonObject { ["app"] = "cache" }, Zone))));
        var far = Objects.Labeled("w", new JsonObject { ["app"] = "web" }, Affinity("podAntiAffinity", Preferred(100, Term(new JsonObject { ["app"] = "cache" }, Zone))));

        Assert.Equal([100, 100, 0], ScoreAll(cache, near));
        Assert.Equal([0, 0, 100], ScoreAll(cache, far));
    }

    [Fact]
    public void Score_PlacedPodPrefersAwayFromIncoming_IncomingAvoidsItsNode()
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("shy", new JsonObject { ["app"] = "shy" }, Affinity("podAntiAffinity", Preferred(50, Term(new JsonObject { ["app"] = "web" }, Host)))), "a");

        Assert.Equal([0, 100, 100], ScoreAll(cache, Objects.Labeled("w", new JsonObject { ["app"] = "web" })));
    }

    [Fact]
    public void Begin_NoAffinityAnywhere_SkipsThePod()
    {
        var cache = ThreeNodes();
        Objects.Place(cache, Objects.Labeled("plain", new JsonObject { ["app"] = "web" }), "a");

        Assert.Null(new InterPodAffinity().Begin(Objects.PodOf(Objects.Labeled("p", new JsonObject { ["app"] = "web" })), cache));
    }

    private static SchedulerCache ThreeNodes() => Objects.Cluster(Objects.ZonedNode("a", "z1"), Objects.ZonedNode("b", "z1"), Objects.ZonedNode("c", "z2"));

    private static Dictionary<string, string?> FilterAll(SchedulerCache cache, JsonObject pod)
    {
        var cycle = new InterPodAffinity().Begin(Objects.PodOf(pod, Objects.Key(pod)), cache);
        return cache.Nodes.ToDictionary(n => n.Name, n => cycle?.Filter(n));
    }

    private static long[] ScoreAll(SchedulerCache cache, JsonObject pod)
    {
        var cycle = new InterPodAffinity().Begin(Objects.PodOf(pod, Objects.Key(pod)), cache)!;
        var scores = new long[cache.Nodes.Count];
        cycle.Score(cache.Nodes, scores);
        return scores;
    }

    internal static JsonObject Term(JsonObject matchLabels, string topologyKey) => new()
    {
        ["labelSelector"] = new JsonObject { ["matchLabels"] = matchLabels },
        ["topologyKey"] = topologyKey,
    };

    private static JsonObject Preferred(int weight, JsonObject term) => new() { ["weight"] = weight, ["podAffinityTerm"] = term, ["preferred"] = true };

    /// <summary>spec.affinity with one term under <paramref name="kind"/>; a term made by <see cref="Preferred"/> goes to the preferred list.</summary>
    internal static JsonObject Affinity(string kind, JsonObject term)
    {
        var preferred = term.Remove("preferred");
        var list = preferred ? "preferredDuringSchedulingIgnoredDuringExecution" : "requiredDuringSchedulingIgnoredDuringExecution";
        return new JsonObject { ["affinity"] = new JsonObject { [kind] = new JsonObject { [list] = new JsonArray(term) } } };
    }
}
