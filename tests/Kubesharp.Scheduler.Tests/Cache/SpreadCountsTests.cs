using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Cache;
using Kubesharp.Testing.Time;

namespace Kubesharp.Scheduler.Tests.Cache;

public sealed class SpreadCountsTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Host = "kubernetes.io/hostname";
    private const string Rack = "example.com/rack";

    [Fact]
    public void SpreadCounts_RandomAddsRemovesAssumesAndRelabels_EqualAFullRecount()
    {
        var random = new Random(5);
        var cache = new SchedulerCache(TimeProvider.System);
        var model = new Model();
        for (var n = 0; n < 8; n++)
        {
            model.SetNode(cache, $"n{n}", Labels(random, $"n{n}"));
        }

        // Asked before any pod exists (counted only incrementally) ...
        var queries = new List<SpreadQuery>
        {
            new("default", LabelSelector.Parse("app=web"), Zone, [Zone]),
            new("default", LabelSelector.Parse("app=web"), Host, [Host]),
            new("default", LabelSelector.Parse("app=web,tier=front"), Zone, [Zone, Rack]),
            new("default", LabelSelector.Parse("app in (web,db)"), Host, [Host, Zone]),
            new("default", LabelSelector.Parse("!tier"), Zone, [Zone]),
            new("other", LabelSelector.Parse("app=web"), Zone, [Zone]),
        };
        foreach (var q in queries)
        {
            cache.SpreadCounts(q);
        }

        for (var step = 0; step < 600; step++)
        {
            var key = $"p{random.Next(40)}";
            switch (random.Next(7))
            {
                case 0 or 1 or 2:
                    model.Place(cache, key, random, $"n{random.Next(10)}"); // n8, n9: nodes the cache does not know (yet)
                    break;
                case 3:
                    model.Remove(cache, key);
                    break;
                case 4:
                    model.Assume(cache, key, random, $"n{random.Next(8)}");
                    break;
                case 5:
                    model.Forget(cache, key);
                    break;
                default:
                    var node = $"n{random.Next(10)}";
                    model.SetNode(cache, node, random.Next(6) == 0 ? null : Labels(random, node));
                    break;
            }

            // ... and one asked half way (filled from the pod index, then kept up).
            if (step == 300)
            {
                queries.Add(new("default", LabelSelector.Parse("tier=front"), Rack, [Rack]));
            }

            foreach (var q in queries)
            {
                Assert.Equal(model.Recount(q), Sorted(cache.SpreadCounts(q)));
            }
        }
    }

    [Fact]
    public void SpreadCounts_TerminatingPodAndOtherNamespace_NotCounted()
    {
        var cache = Objects.Cluster(Objects.ZonedNode("a", "z1"));
        var query = new SpreadQuery("default", LabelSelector.Parse("app=web"), Zone, [Zone]);
        cache.SpreadCounts(query);
        var leaving = Objects.Labeled("leaving", new JsonObject { ["app"] = "web" });
        leaving["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        Objects.Place(cache, leaving, "a");
        Objects.Place(cache, Objects.Labeled("elsewhere", new JsonObject { ["app"] = "web" }, ns: "other"), "a");
        Objects.Place(cache, Objects.Labeled("counted", new JsonObject { ["app"] = "web" }), "a");

        Assert.Equal(1, cache.SpreadCounts(query)["z1"]);
    }

    [Fact]
    public void ExpireAssumed_CounterUnreadForLong_DroppedAndRecountedOnNextAsk()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new SchedulerCache(time);
        cache.SetNode("a", Objects.ZonedNode("a", "z1"));
        var query = new SpreadQuery("default", LabelSelector.Parse("app=web"), Zone, [Zone]);
        var first = cache.SpreadCounts(query);
        Objects.Place(cache, Objects.Labeled("w1", new JsonObject { ["app"] = "web" }), "a");

        time.Advance(TimeSpan.FromMinutes(11));
        cache.ExpireAssumed();
        Objects.Place(cache, Objects.Labeled("w2", new JsonObject { ["app"] = "web" }), "a");

        Assert.Equal(1, first["z1"]); // the dropped counter no longer follows pods
        Assert.Equal(2, cache.SpreadCounts(query)["z1"]);
    }

    private static JsonObject Labels(Random random, string name)
    {
        var labels = new JsonObject { [Host] = name };
        if (random.Next(4) > 0)
        {
            labels[Zone] = $"z{random.Next(3)}";
        }

        if (random.Next(2) > 0)
        {
            labels[Rack] = $"r{random.Next(2)}";
        }

        return labels;
    }

    private static SortedDictionary<string, long> Sorted(IReadOnlyDictionary<string, long> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);

    /// <summary>What the cache should hold, kept the obvious way, and the count worked out from scratch.</summary>
    private sealed class Model
    {
        private readonly Dictionary<string, JsonObject> _nodeLabels = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Node, JsonObject Pod, bool Assumed)> _pods = new(StringComparer.Ordinal);

        public void SetNode(SchedulerCache cache, string name, JsonObject? labels)
        {
            if (labels is null)
            {
                _nodeLabels.Remove(name);
                cache.SetNode(name, null);
                return;
            }

            _nodeLabels[name] = labels;
            cache.SetNode(name, Objects.Node(name, labels: (JsonObject)labels.DeepClone()));
        }

        public void Place(SchedulerCache cache, string key, Random random, string node)
        {
            var pod = NewPod(key, random);
            pod["spec"]!["nodeName"] = node;
            _pods[key] = (node, pod, false);
            cache.SetPod("default/" + key, pod);
        }

        public void Remove(SchedulerCache cache, string key)
        {
            _pods.Remove(key);
            cache.SetPod("default/" + key, null);
        }

        public void Assume(SchedulerCache cache, string key, Random random, string node)
        {
            var pod = NewPod(key, random);
            _pods[key] = (node, pod, true);
            cache.Assume(Objects.PodOf(pod, "default/" + key), node);
        }

        public void Forget(SchedulerCache cache, string key)
        {
            if (_pods.TryGetValue(key, out var p) && p.Assumed)
            {
                _pods.Remove(key);
            }

            cache.Forget("default/" + key);
        }

        public SortedDictionary<string, long> Recount(SpreadQuery query)
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (_, (node, pod, _)) in _pods)
            {
                var labels = _nodeLabels.GetValueOrDefault(node);
                if (labels is null || pod["metadata"]!["deletionTimestamp"] is not null
                    || pod["metadata"]!["namespace"]!.GetValue<string>() != query.Namespace
                    || !query.Selector.Matches(pod["metadata"]!["labels"] as JsonObject)
                    || query.NodeKeys.Append(query.TopologyKey).Any(k => !labels.ContainsKey(k)))
                {
                    continue;
                }

                var value = labels[query.TopologyKey]!.GetValue<string>();
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }

            return counts;
        }

        private static JsonObject NewPod(string key, Random random)
        {
            var labels = new JsonObject { ["app"] = random.Next(3) switch { 0 => "web", 1 => "db", _ => "cache" } };
            if (random.Next(2) == 0)
            {
                labels["tier"] = "front";
            }

            var pod = Objects.Labeled(key, labels);
            if (random.Next(10) == 0)
            {
                pod["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
            }

            return pod;
        }
    }
}
