using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Jobs;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.Tests.Support;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Controllers.Tests.Jobs;

public sealed class JobExpectationsTests
{
    private static readonly ResourceType Jobs = BuiltInResources.Get("batch", "jobs");

    [Fact]
    public async Task Reconcile_AgainBeforeInformerSeesCreates_RunsNoMoreThanParallelism()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var informers = new ManualInformers();
        var controller = new JobController(new ControllerManagerOptions("test"));
        controller.Register(informers.Context(api.Client));
        await api.Client.CreateAsync(Jobs, "default", Job(), ct);

        for (var pass = 0; pass < 2; pass++)
        {
            // The Job cache sees its own status write; the pod cache sees nothing yet.
            informers.Get(Jobs).Show(await api.Client.GetAsync(Jobs, "default", "batch", ct));
            await controller.ReconcileAsync("default/batch", ct);
        }

        var pods = (await api.Client.ListAsync(ControllerHarness.Pods, "default", new ListRequest { LabelSelector = "job-name=batch" }, ct))["items"]!.AsArray();
        Assert.Equal(2, pods.Count);
    }

    private static JsonObject Job() => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = "batch" },
        ["spec"] = new JsonObject
        {
            ["completions"] = 4,
            ["parallelism"] = 2,
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }),
                },
            },
        },
    };
}
