using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.DaemonSets;
using Kubesharp.Controllers.Tests.Support;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Controllers.Tests.DaemonSets;

public sealed class DaemonSetExpectationsTests
{
    private static readonly ResourceType DaemonSets = BuiltInResources.Get("apps", "daemonsets");
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");

    [Fact]
    public async Task Reconcile_AgainBeforeInformerSeesCreates_OnePodPerNode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var informers = new ManualInformers();
        var controller = new DaemonSetController(1);
        controller.Register(informers.Context(api.Client));
        informers.Get(Nodes).Show(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "n1" }, ["spec"] = new JsonObject() });
        informers.Get(Nodes).Show(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "n2" }, ["spec"] = new JsonObject() });
        await api.Client.CreateAsync(DaemonSets, "default", DaemonSet(), ct);

        for (var pass = 0; pass < 2; pass++)
        {
            // The DaemonSet cache sees its own status write; the pod cache sees nothing yet.
            informers.Get(DaemonSets).Show(await api.Client.GetAsync(DaemonSets, "default", "agent", ct));
            await controller.ReconcileAsync("default/agent", ct);
        }

        var pods = (await api.Client.ListAsync(ControllerHarness.Pods, "default", new ListRequest { LabelSelector = "app=agent" }, ct))["items"]!.AsArray();
        Assert.Equal(2, pods.Count);
    }

    private static JsonObject DaemonSet() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = "agent" },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "agent" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "agent" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            },
        },
    };
}
