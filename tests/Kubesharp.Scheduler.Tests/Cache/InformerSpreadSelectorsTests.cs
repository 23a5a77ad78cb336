using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Cache;

namespace Kubesharp.Scheduler.Tests.Cache;

public sealed class InformerSpreadSelectorsTests
{
    [Fact]
    public void For_ServiceAndReplicaSetSelectIt_TheirSelectorsAnded()
    {
        var selectors = new InformerSpreadSelectors(
            new StaticInformer(Owner("web-svc", "default", new JsonObject { ["app"] = "web" }), Owner("other-ns", "prod", new JsonObject { ["app"] = "web" })),
            new StaticInformer(),
            new StaticInformer(
                Owner("web-rs", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", ["hash"] = "1" } }),
                Owner("db-rs", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } })),
            new StaticInformer());

        var pod = Objects.Labeled("web-1", new JsonObject { ["app"] = "web", ["hash"] = "1" });
        var selector = selectors.For(Objects.PodOf(pod, Objects.Key(pod)));

        Assert.NotNull(selector);
        Assert.True(selector.Matches(new JsonObject { ["app"] = "web", ["hash"] = "1", ["extra"] = "x" }));
        Assert.False(selector.Matches(new JsonObject { ["app"] = "web", ["hash"] = "2" })); // the ReplicaSet's half
        Assert.False(selector.Matches(new JsonObject { ["app"] = "db" }));
    }

    [Fact]
    public void For_NothingSelectsIt_Null()
    {
        var selectors = new InformerSpreadSelectors(
            new StaticInformer(Owner("web-svc", "default", new JsonObject { ["app"] = "web" })),
            new StaticInformer(),
            new StaticInformer(),
            new StaticInformer());

        var pod = Objects.Labeled("lonely", new JsonObject { ["app"] = "batch" });

        Assert.Null(selectors.For(Objects.PodOf(pod, Objects.Key(pod))));
    }

    [Fact]
    public void For_SelectorAddedOrChanged_AnswerFollowsStatusOnlyUpdateKeepsIt()
    {
        var replicaSets = new ChangingInformer();
        var selectors = new InformerSpreadSelectors(new StaticInformer(), new StaticInformer(), replicaSets, new StaticInformer());
        var pod = Objects.Labeled("web-1", new JsonObject { ["app"] = "web", ["hash"] = "1" });
        var info = Objects.PodOf(pod, Objects.Key(pod));
        Assert.Null(selectors.For(info));

        replicaSets.Set(Owner("web", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } }));
        Assert.True(selectors.For(info)!.Matches(new JsonObject { ["app"] = "web", ["hash"] = "2" }));

        // A status write (same selector) reaches the handlers but cannot change the answer: it is kept.
        var status = Owner("web", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } });
        status["status"] = new JsonObject { ["replicas"] = 1 };
        replicaSets.Set(status);
        replicaSets.Set(Owner("web", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } }), tell: false);
        Assert.NotNull(selectors.For(info));

        // A selector change does.
        replicaSets.Set(Owner("web", "default", new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", ["hash"] = "1" } }));
        var narrowed = selectors.For(info)!;
        Assert.False(narrowed.Matches(new JsonObject { ["app"] = "web", ["hash"] = "2" }));
        Assert.True(narrowed.Matches(new JsonObject { ["app"] = "web", ["hash"] = "1" }));
    }

    private static JsonObject Owner(string name, string ns, JsonObject selector) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["selector"] = selector },
    };
}
