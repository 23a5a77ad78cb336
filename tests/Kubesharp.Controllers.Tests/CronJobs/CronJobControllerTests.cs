using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.CronJobs;

public sealed class CronJobControllerTests
{
    private static readonly ResourceType CronJobs = BuiltInResources.Get("batch", "cronjobs");
    private static readonly ResourceType Jobs = BuiltInResources.Get("batch", "jobs");

    [Fact]
    public async Task Reconcile_MissedMinutes_StartsOneJobForTheLatestAndRecordsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct);
        await harness.Client.CreateAsync(CronJobs, "default", CronJob("tick"), ct);

        // As if the last run was three minutes ago: three times are due, only the latest starts.
        // The controller may write the status first, so the update goes on the latest version.
        for (var attempt = 0; ; attempt++)
        {
            var cj = await harness.Client.GetAsync(CronJobs, "default", "tick", ct);
            cj["status"] = new JsonObject { ["lastScheduleTime"] = DateTimeOffset.UtcNow.AddMinutes(-3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) };
            try
            {
                await harness.Client.UpdateStatusAsync(CronJobs, cj, ct);
                break;
            }
            catch (ApiException e) when (e.Code == 409 && attempt < 5)
            {
            }
        }

        var jobs = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.ListAsync(Jobs, "default", new ListRequest(), ct))["items"]!.AsArray(),
            j => j.Count >= 1,
            ct);
        var job = Assert.Single(jobs)!;
        Assert.Matches("^tick-[0-9]+$", job["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("CronJob", job["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(CronJobs, "default", "tick", ct))["status"],
            s => s?["active"] is JsonArray { Count: 1 },
            ct);
        Assert.Equal(job["metadata"]!["name"]!.GetValue<string>(), status!["active"]![0]!["name"]!.GetValue<string>());
    }

    private static JsonObject CronJob(string name) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "CronJob",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["schedule"] = "* * * * *",
            ["jobTemplate"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["template"] = new JsonObject
                    {
                        ["spec"] = new JsonObject
                        {
                            ["restartPolicy"] = "Never",
                            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }),
                        },
                    },
                },
            },
        },
    };
}
