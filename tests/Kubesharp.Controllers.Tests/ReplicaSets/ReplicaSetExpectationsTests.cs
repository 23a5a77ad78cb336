using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.ReplicaSets;
using Kubesharp.Controllers.Tests.Support;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Controllers.Tests.ReplicaSets;

/// <summary>The controller against a pod cache that lags the API: it must not create pods it already asked for.</summary>
public sealed class ReplicaSetExpectationsTests
{
    private static readonly ResourceType ReplicaSets = BuiltInResources.Get("apps", "replicasets");

    [Fact]
    public async Task Reconcile_AgainBeforeInformerSeesCreates_CreatesNoMorePods()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var (informers, controller) = Start(api);
        await api.Client.CreateAsync(ReplicaSets, "default", ReplicaSetControllerTests.ReplicaSet("web", 3), ct);

        await ReconcileAsync(api, informers, controller, ct);
        await ReconcileAsync(api, informers, controller, ct); // the pod cache is still empty
        var pods = await PodsAsync(api, ct);
        Assert.Equal(3, pods.Count);

        foreach (var pod in pods)
        {
            informers.Get(ControllerHarness.Pods).Show(pod);
        }

        await ReconcileAsync(api, informers, controller, ct);
        Assert.Equal(3, (await PodsAsync(api, ct)).Count);
    }

    [Fact]
    public async Task Reconcile_LastCreateObservedWhileReadingCache_CreatesNoMorePods()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var (informers, controller) = Start(api);
        await api.Client.CreateAsync(ReplicaSets, "default", ReplicaSetControllerTests.ReplicaSet("web", 3), ct);
        await ReconcileAsync(api, informers, controller, ct);
        var pods = await PodsAsync(api, ct);
        var cache = informers.Get(ControllerHarness.Pods);
        cache.Show(pods[0]);
        cache.Show(pods[1]);

        // The third pod's event lands just after the reconcile took its snapshot of the cache:
        // expectations read after the snapshot would count it as seen while the snapshot lacks it.
        cache.AfterNextRead = () => cache.Show(pods[2]);
        await ReconcileAsync(api, informers, controller, ct);

        Assert.Equal(3, (await PodsAsync(api, ct)).Count);
    }

    private static (ManualInformers Informers, ReplicaSetController Controller) Start(InProcessApiServer api)
    {
        var informers = new ManualInformers();
        var controller = new ReplicaSetController(ReplicaKind.ReplicaSets, 1);
        controller.Register(informers.Context(api.Client));
        return (informers, controller);
    }

    /// <summary>One pass with the ReplicaSet cache current (its status writes seen), the pod cache left as the test set it.</summary>
    private static async Task ReconcileAsync(InProcessApiServer api, ManualInformers informers, ReplicaSetController controller, CancellationToken ct)
    {
        informers.Get(ReplicaSets).Show(await api.Client.GetAsync(ReplicaSets, "default", "web", ct));
        await controller.ReconcileAsync("default/web", ct);
    }

    private static async Task<List<JsonObject>> PodsAsync(InProcessApiServer api, CancellationToken ct) =>
        (await api.Client.ListAsync(ControllerHarness.Pods, "default", new ListRequest { LabelSelector = "app=web" }, ct))["items"]!.AsArray().Cast<JsonObject>().ToList();
}
