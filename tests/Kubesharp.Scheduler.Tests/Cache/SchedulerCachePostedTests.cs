using Kubesharp.Scheduler.Framework;
using Kubesharp.Scheduler.Scheduling;

namespace Kubesharp.Scheduler.Tests.Cache;

public sealed class SchedulerCachePostedTests
{
    [Fact]
    public void PostPod_BeforeApply_NotCountedThenReplacesTheAssumedCopy()
    {
        var cache = Objects.Cluster(Objects.Node("a", cpu: "2"), Objects.Node("b", cpu: "2"));
        var pod = Objects.Pod("web", cpu: "2");
        var info = Objects.PodOf(pod, Objects.Key(pod));
        cache.Assume(info, "a");

        // The informer reports it bound to b (another scheduler won); not applied yet.
        var bound = (System.Text.Json.Nodes.JsonObject)pod.DeepClone();
        bound["spec"]!["nodeName"] = "b";
        cache.PostPod(Objects.Key(pod), bound);
        Assert.Equal(1, Objects.NodeIn(cache, "a").PodCount);

        Assert.Equal(1, cache.ApplyPosted());
        Assert.Equal(0, Objects.NodeIn(cache, "a").PodCount);
        Assert.Equal(1, Objects.NodeIn(cache, "b").PodCount);
        Assert.Equal(0, cache.ApplyPosted());
    }

    [Fact]
    public void PostNode_AppliedInOrder_LastStateWins()
    {
        var cache = Objects.Cluster();
        cache.PostNode("a", Objects.Node("a", cpu: "1"));
        cache.PostNode("a", Objects.Node("a", cpu: "8"));
        cache.PostNode("gone", Objects.Node("gone"));
        cache.PostNode("gone", null);

        cache.ApplyPosted();

        var start = 0;
        Assert.Equal("a", Placement.Decide(Objects.PodOf(Objects.Pod("p", cpu: "4")), cache, new Profile(), ref start).Node);
        Assert.Single(cache.Nodes);
    }
}
