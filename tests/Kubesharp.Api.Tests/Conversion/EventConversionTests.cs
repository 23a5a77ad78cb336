using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Conversion;

namespace Kubesharp.Api.Tests.Conversion;

public sealed class EventConversionTests
{
    private static readonly ResourceType Core = BuiltInResources.Get("", "events");
    private static readonly ResourceType EventsV1 = BuiltInResources.Get("events.k8s.io", "events");

    private const string CoreEvent = """
        {"kind":"Event","apiVersion":"v1","metadata":{"name":"web.1","namespace":"ns"},
         "involvedObject":{"kind":"Pod","namespace":"ns","name":"web","uid":"u1"},
         "reason":"Started","message":"Started container web","source":{"component":"kubelet","host":"n1"},
         "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:01:00Z","count":3,"type":"Normal",
         "reportingComponent":"kubelet","reportingInstance":"n1","action":"Start",
         "related":{"kind":"Node","name":"n1"},"series":{"count":2,"lastObservedTime":"2026-01-01T00:01:00.000000Z"}}
        """;

    [Fact]
    public void BothGroups_ShareOneStorePrefixAndStoreCoreV1()
    {
        Assert.Equal(Core.StorePrefix, EventsV1.StorePrefix);
        Assert.Equal("v1", VersionConversion.StorageApiVersion(EventsV1));
        Assert.True(VersionConversion.Converts(EventsV1));
        Assert.False(VersionConversion.Converts(Core));
    }

    [Fact]
    public void FromStorage_EventsV1_MapsFieldsAsUpstream()
    {
        var events = VersionConversion.FromStorage(EventsV1, JsonNode.Parse(CoreEvent)!.AsObject());

        Assert.Equal("events.k8s.io/v1", (string?)events["apiVersion"]);
        Assert.Equal("Started container web", (string?)events["note"]);
        Assert.Equal("web", (string?)events["regarding"]!["name"]);
        Assert.Equal("kubelet", (string?)events["reportingController"]);
        Assert.Equal("n1", (string?)events["reportingInstance"]);
        Assert.Equal("kubelet", (string?)events["deprecatedSource"]!["component"]);
        Assert.Equal("2026-01-01T00:00:00Z", (string?)events["deprecatedFirstTimestamp"]);
        Assert.Equal("2026-01-01T00:01:00Z", (string?)events["deprecatedLastTimestamp"]);
        Assert.Equal(3, (int)events["deprecatedCount"]!);
        Assert.Equal(2, (int)events["series"]!["count"]!);
        Assert.Equal("Node", (string?)events["related"]!["kind"]);
        foreach (var old in new[] { "message", "involvedObject", "reportingComponent", "source", "firstTimestamp", "lastTimestamp", "count" })
        {
            Assert.Null(events[old]);
        }
    }

    [Fact]
    public void RoundTrip_CoreThroughEventsV1_IsLossless()
    {
        var core = JsonNode.Parse(CoreEvent)!.AsObject();

        var back = VersionConversion.ToStorage(EventsV1, VersionConversion.FromStorage(EventsV1, core));

        Assert.True(JsonNode.DeepEquals(core, back), back.ToJsonString());
    }

    [Fact]
    public void ToStorage_EventsV1Body_BecomesCoreEvent()
    {
        var events = JsonNode.Parse("""
            {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "reportingController":"example.com/ctl","reportingInstance":"ctl-1","action":"Sync","reason":"Synced",
             "regarding":{"kind":"ConfigMap","name":"c"},"note":"synced it","type":"Normal"}
            """)!.AsObject();

        var core = VersionConversion.ToStorage(EventsV1, events);

        Assert.Equal("v1", (string?)core["apiVersion"]);
        Assert.Equal("synced it", (string?)core["message"]);
        Assert.Equal("c", (string?)core["involvedObject"]!["name"]);
        Assert.Equal("example.com/ctl", (string?)core["reportingComponent"]);
        Assert.Null(core["note"]);
        Assert.Null(core["regarding"]);
    }
}
