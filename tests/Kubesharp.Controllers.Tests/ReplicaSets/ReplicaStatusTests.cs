using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;
using Kubesharp.Controllers.ReplicaSets;

namespace Kubesharp.Controllers.Tests.ReplicaSets;

public sealed class ReplicaStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_CountsLabeledReadyAndAvailable_FromEachPodsFacts()
    {
        var owner = JsonNode.Parse("""{"metadata":{"generation":3},"spec":{"minReadySeconds":30,"template":{"metadata":{"labels":{"app":"a","tier":"web"}}}}}""")!.AsObject();
        var cache = new PodFactsCache();
        PodFacts[] pods =
        [
            cache.Of(Pod("""{"app":"a","tier":"web"}""", readySecondsAgo: 60)),  // labeled, ready, available
            cache.Of(Pod("""{"app":"a","tier":"web"}""", readySecondsAgo: 10)),  // labeled, ready, not yet available
            cache.Of(Pod("""{"app":"a"}""", readySecondsAgo: null)),             // missing a label, not ready
        ];

        var status = JsonNode.Parse(ReplicaStatus.Compute(owner, pods, Now).ToJsonString())!; // as the API would read it

        Assert.Equal((3L, 2L, 2L, 1L, 3L), (
            status["replicas"]!.GetValue<long>(),
            status["fullyLabeledReplicas"]!.GetValue<long>(),
            status["readyReplicas"]!.GetValue<long>(),
            status["availableReplicas"]!.GetValue<long>(),
            status["observedGeneration"]!.GetValue<long>()));
    }

    [Fact]
    public void Facts_OfANewPodVersion_AreWorkedOutAgain()
    {
        var cache = new PodFactsCache();
        var pending = Pod("""{"app":"a"}""", readySecondsAgo: null);
        var ready = Pod("""{"app":"a"}""", readySecondsAgo: 5);

        Assert.False(cache.Of(pending).Ready);
        Assert.True(cache.Of(ready).Ready);
        Assert.Same(cache.Of(ready), cache.Of(ready));
    }

    [Fact]
    public void MatchedBy_SameSelectorObject_AnswersAgainAndANewSelectorIsAskedAfresh()
    {
        var facts = new PodFactsCache().Of(Pod("""{"app":"a"}""", readySecondsAgo: null));
        var appA = LabelSelector.Parse("app=a");
        var appB = LabelSelector.Parse("app=b");

        Assert.True(facts.MatchedBy(appA));
        Assert.True(facts.MatchedBy(appA));
        Assert.False(facts.MatchedBy(appB)); // the owner's selector changed: a new selector object
        Assert.True(facts.MatchedBy(LabelSelector.Parse("app=a")));
    }

    private static JsonObject Pod(string labels, int? readySecondsAgo)
    {
        var pod = JsonNode.Parse($$$"""{"metadata":{"labels":{{{labels}}},"ownerReferences":[{"uid":"rs-1","controller":true}]},"status":{"phase":"Running"}}""")!.AsObject();
        if (readySecondsAgo is { } ago)
        {
            pod["status"]!["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = "True",
                ["lastTransitionTime"] = Now.AddSeconds(-ago).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return pod;
    }
}
