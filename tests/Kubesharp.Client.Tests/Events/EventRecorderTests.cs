using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Events;
using Kubesharp.Client.Rest;
using Kubesharp.Testing.Cluster;

namespace Kubesharp.Client.Tests.Events;

public sealed class EventRecorderTests
{
    private static readonly ResourceType Events = BuiltInResources.Get("", "events");

    [Fact]
    public async Task Record_SameEventTwice_OneEventWithCountTwoAndTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: ct);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "web-1", ["namespace"] = "default", ["uid"] = "u-1" },
        };
        var recorder = EventRecorders.Create(api.Client, new EventRecorderOptions("default-scheduler"), ct);

        recorder.Record(pod, EventType.Warning, "FailedScheduling", "0/1 nodes are available");
        recorder.Record(pod, EventType.Warning, "FailedScheduling", "0/1 nodes are available");
        recorder.Record(pod, EventType.Normal, "Scheduled", "Successfully assigned default/web-1 to n1");
        await recorder.FlushAsync(ct);

        var items = (await api.Client.ListAsync(Events, "default", new ListRequest(), ct))["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var failed = items.Single(e => e!["reason"]!.GetValue<string>() == "FailedScheduling")!;
        Assert.Equal(2, failed["count"]!.GetValue<int>());
        Assert.Equal("Warning", failed["type"]!.GetValue<string>());
        Assert.Equal("web-1", failed["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("default-scheduler", failed["source"]!["component"]!.GetValue<string>());
    }
}
