using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Controllers.Tests.Support;

namespace Kubesharp.Controllers.Tests.Jobs;

public sealed class JobControllerTests
{
    private static readonly ResourceType Jobs = BuiltInResources.Get("batch", "jobs");
    private static readonly ControllerManagerOptions Fast = new("test") { LeaderElect = false, JobBackoffBase = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task Reconcile_TwoCompletions_RunsPodsOneAtATimeThenCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, Fast);
        await harness.Client.CreateAsync(Jobs, "default", Job("pi", completions: 2, backoffLimit: 6), ct);

        for (var done = 0; done < 2; done++)
        {
            var running = await ControllerHarness.EventuallyAsync(
                async () => (await harness.PodsAsync("batch.kubernetes.io/job-name=pi", ct)).Where(p => p["status"]?["phase"]?.GetValue<string>() != "Succeeded").ToList(),
                p => p.Count == 1,
                ct);
            var pod = Assert.Single(running);
            Assert.Equal("Job", pod["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
            await SetPhaseAsync(harness, pod, "Succeeded", ct);
        }

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(Jobs, "default", "pi", ct))["status"],
            s => Condition(s, "Complete") is not null,
            ct);
        Assert.Equal(2, status!["succeeded"]!.GetValue<long>());
        Assert.Equal("True", Condition(status, "Complete")!["status"]!.GetValue<string>());
        Assert.NotNull(status["completionTime"]);
    }

    [Fact]
    public async Task Reconcile_PodsKeepFailing_FailsAtBackoffLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ControllerHarness.StartAsync(ct, Fast);
        await harness.Client.CreateAsync(Jobs, "default", Job("flaky", completions: 1, backoffLimit: 1), ct);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var pending = await ControllerHarness.EventuallyAsync(
                async () => (await harness.PodsAsync("batch.kubernetes.io/job-name=flaky", ct)).Where(p => p["status"]?["phase"]?.GetValue<string>() != "Failed").ToList(),
                p => p.Count == 1,
                ct);
            await SetPhaseAsync(harness, Assert.Single(pending), "Failed", ct);
        }

        var status = await ControllerHarness.EventuallyAsync(
            async () => (await harness.Client.GetAsync(Jobs, "default", "flaky", ct))["status"],
            s => Condition(s, "Failed") is not null,
            ct);
        Assert.Equal("BackoffLimitExceeded", Condition(status, "Failed")!["reason"]!.GetValue<string>());
        Assert.Equal(2, status!["failed"]!.GetValue<long>());
        Assert.Equal(2, (await harness.PodsAsync("batch.kubernetes.io/job-name=flaky", ct)).Count); // no third attempt
    }

    private static JsonNode? Condition(JsonNode? status, string type) =>
        (status?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type);

    private static async Task SetPhaseAsync(ControllerHarness harness, JsonObject pod, string phase, CancellationToken ct)
    {
        var updated = (JsonObject)pod.DeepClone();
        updated["status"] = new JsonObject { ["phase"] = phase };
        await harness.Client.UpdateStatusAsync(ControllerHarness.Pods, updated, ct);
    }

    private static JsonObject Job(string name, int completions, int backoffLimit) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["completions"] = completions,
            ["parallelism"] = 1,
            ["backoffLimit"] = backoffLimit,
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
