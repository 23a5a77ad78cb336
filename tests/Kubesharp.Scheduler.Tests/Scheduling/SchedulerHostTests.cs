using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Cluster;
using Kubesharp.Testing.Polling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Scheduler.Tests.Scheduling;

public sealed class SchedulerHostTests
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly ResourceType Events = BuiltInResources.Get("", "events");

    [Fact]
    public async Task Run_PodsThatFit_AreBoundSpreadAcrossNodes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        await api.Client.CreateAsync(Nodes, null, Objects.Node("n1", cpu: "2"), ct);
        await api.Client.CreateAsync(Nodes, null, Objects.Node("n2", cpu: "2"), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = StartAsync(api, stop.Token);

        for (var i = 0; i < 4; i++)
        {
            await api.Client.CreateAsync(Pods, "default", Objects.Pod($"p{i}", cpu: "900m"), ct);
        }

        var pods = await Poll.UntilAsync(() => ListAsync(api, ct), p => p.All(x => x["spec"]?["nodeName"] is not null), ct);
        Assert.All(pods, p => Assert.NotNull(p["spec"]?["nodeName"]));
        Assert.Equal(2, pods.Count(p => p["spec"]!["nodeName"]!.GetValue<string>() == "n1"));
        Assert.Equal(2, pods.Count(p => p["spec"]!["nodeName"]!.GetValue<string>() == "n2"));

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_PodsWithoutRequests_SpreadEvenlyAsScoringCountsDefaults()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await api.Client.CreateAsync(Nodes, null, Objects.Node(name), ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = StartAsync(api, stop.Token);
        for (var i = 0; i < 6; i++)
        {
            await api.Client.CreateAsync(Pods, "default", Objects.Pod($"q{i}"), ct);
        }

        var pods = await Poll.UntilAsync(() => ListAsync(api, ct), p => p.Count == 6 && p.All(x => x["spec"]?["nodeName"] is not null), ct);
        Assert.All(pods.GroupBy(p => p["spec"]!["nodeName"]!.GetValue<string>()), g => Assert.Equal(2, g.Count()));

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_PodThatFitsNowhere_GetsConditionAndEventThenLandsWhenANodeIsAdded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        await api.Client.CreateAsync(Nodes, null, Objects.Node("small", cpu: "1"), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = StartAsync(api, stop.Token);
        await api.Client.CreateAsync(Pods, "default", Objects.Pod("big", cpu: "3"), ct);

        var pod = await Poll.UntilAsync(
            () => api.Client.GetAsync(Pods, "default", "big", ct),
            p => (p["status"]?["conditions"] as JsonArray)?.Any(c => c?["reason"]?.GetValue<string>() == "Unschedulable") == true,
            ct);
        var condition = (pod["status"]!["conditions"] as JsonArray)!.Single(c => c!["type"]!.GetValue<string>() == "PodScheduled")!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", condition["message"]!.GetValue<string>());
        var events = await Poll.UntilAsync(
            async () => (await api.Client.ListAsync(Events, "default", new ListRequest(), ct))["items"]!.AsArray(),
            e => e.Any(x => x?["reason"]?.GetValue<string>() == "FailedScheduling"),
            ct);
        Assert.Contains(events, e => e?["reason"]?.GetValue<string>() == "FailedScheduling" && e["type"]?.GetValue<string>() == "Warning");

        await api.Client.CreateAsync(Nodes, null, Objects.Node("large", cpu: "8"), ct);
        var bound = await Poll.UntilAsync(() => api.Client.GetAsync(Pods, "default", "big", ct), p => p["spec"]?["nodeName"] is not null, ct);
        Assert.Equal("large", bound["spec"]?["nodeName"]?.GetValue<string>());

        await stop.CancelAsync();
        await run;
    }

    private static Task StartAsync(InProcessApiServer api, CancellationToken stop) =>
        SchedulerHost.RunAsync(api.Client, new SchedulerOptions("test") { LeaderElect = false }, NullLoggerFactory.Instance, null, stop);

    private static async Task<List<JsonObject>> ListAsync(InProcessApiServer api, CancellationToken ct) =>
        (await api.Client.ListAsync(Pods, "default", new ListRequest(), ct))["items"]!.AsArray().Cast<JsonObject>().ToList();
}
