using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Endpoints;

/// <summary>
/// Kinds served in two versions over one storage, on the real host: an object written through one
/// version reads in the other's shape (HPA autoscaling/v1 ⇄ v2, Event core/v1 ⇄ events.k8s.io/v1),
/// writes through either keep what only the other version can say, and watches convert too.
/// </summary>
public sealed class ConvertedVersionsEndpointTests : IClassFixture<InProcessServer>
{
    private const string HpaV1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
    private const string HpaV2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    private const string CoreEvents = "/api/v1/namespaces/default/events";
    private const string EventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events";
    private readonly HttpClient _client;

    public ConvertedVersionsEndpointTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HpaCreatedAsV2_ReadsAsV1WithTargetCpuAndOtherMetricsAnnotation()
    {
        var created = await SendAsync(HttpMethod.Post, HpaV2, """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"v2made"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":3,
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
                          {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}]}}
            """, 201);
        Assert.Equal(1, (int)created["spec"]!["minReplicas"]!); // defaulted

        var v1 = await GetAsync($"{HpaV1}/v2made");

        Assert.Equal("autoscaling/v1", (string?)v1["apiVersion"]);
        Assert.Equal(50, (int)v1["spec"]!["targetCPUUtilizationPercentage"]!);
        Assert.Null(v1["spec"]!["metrics"]);
        var others = JsonNode.Parse((string)v1["metadata"]!["annotations"]!["autoscaling.alpha.kubernetes.io/metrics"]!)!;
        Assert.Equal("memory", (string?)others[0]!["resource"]!["name"]);
    }

    [Fact]
    public async Task HpaCreatedAsV1_ReadsAsV2AndV1UpdateKeepsV2OnlyMetrics()
    {
        await SendAsync(HttpMethod.Post, HpaV1, """
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"v1made"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":4,"targetCPUUtilizationPercentage":70}}
            """, 201);

        var v2 = await GetAsync($"{HpaV2}/v1made");
        Assert.Equal("autoscaling/v2", (string?)v2["apiVersion"]);
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}]""", v2["spec"]!["metrics"]!.ToJsonString());

        // Add a memory metric through v2, then change maxReplicas through v1 (a read-modify-write of the v1 shape).
        var metrics = v2["spec"]!["metrics"]!.AsArray();
        metrics.Add(JsonNode.Parse("""{"type":"Resource","resource":{"name":"memory","target":{"type":"Utilization","averageUtilization":60}}}"""));
        await SendAsync(HttpMethod.Put, $"{HpaV2}/v1made", v2.ToJsonString(), 200);
        var v1 = await GetAsync($"{HpaV1}/v1made");
        v1["spec"]!["maxReplicas"] = 9;
        var updated = await SendAsync(HttpMethod.Put, $"{HpaV1}/v1made", v1.ToJsonString(), 200);
        Assert.Equal("autoscaling/v1", (string?)updated["apiVersion"]);

        var after = await GetAsync($"{HpaV2}/v1made");
        Assert.Equal(9, (int)after["spec"]!["maxReplicas"]!);
        var names = after["spec"]!["metrics"]!.AsArray().Select(m => (string?)m!["resource"]!["name"]).ToList();
        Assert.Equal(["memory", "cpu"], names); // upstream appends the v1 cpu target after the annotation's metrics
        Assert.Null(after["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task HpaV1StatusWrite_IsStoredAsV2CurrentMetrics()
    {
        await SendAsync(HttpMethod.Post, HpaV1, """
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"v1status"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":2,"targetCPUUtilizationPercentage":40}}
            """, 201);
        var v1 = await GetAsync($"{HpaV1}/v1status");
        v1["status"] = JsonNode.Parse("""{"currentReplicas":1,"desiredReplicas":2,"currentCPUUtilizationPercentage":90}""");

        await SendAsync(HttpMethod.Put, $"{HpaV1}/v1status/status", v1.ToJsonString(), 200);
        var v2 = await GetAsync($"{HpaV2}/v1status");

        Assert.Equal(90, (int)v2["status"]!["currentMetrics"]![0]!["resource"]!["current"]!["averageUtilization"]!);
        Assert.Equal(2, (int)v2["status"]!["desiredReplicas"]!);
    }

    [Fact]
    public async Task HpaList_ThroughV1_ConvertsEveryItem()
    {
        await SendAsync(HttpMethod.Post, HpaV2, """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"listed"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":2}}
            """, 201);

        var list = await GetAsync(HpaV1);

        var item = list["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "listed")!;
        Assert.Equal("autoscaling/v1", (string?)list["apiVersion"]);
        Assert.Equal(80, (int)item["spec"]!["targetCPUUtilizationPercentage"]!); // v2's defaulted metric
    }

    [Fact]
    public async Task CoreEvent_ReadsAsEventsV1_AndEventsV1Create_ReadsAsCore()
    {
        await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"core-made"},"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},
             "reason":"Started","message":"started it","source":{"component":"kubelet"},"count":2,"type":"Normal",
             "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:00:05Z"}
            """, 201);
        var created = await SendAsync(HttpMethod.Post, EventsV1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"new-made"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "reportingController":"example.com/c","reportingInstance":"c-1","action":"Sync","reason":"Synced",
             "regarding":{"kind":"ConfigMap","name":"cm","namespace":"default"},"note":"synced","type":"Normal"}
            """, 201);
        Assert.Equal("events.k8s.io/v1", (string?)created["apiVersion"]);
        Assert.Equal("synced", (string?)created["note"]);

        var asNew = await GetAsync($"{EventsV1}/core-made");
        var asCore = await GetAsync($"{CoreEvents}/new-made");

        Assert.Equal("started it", (string?)asNew["note"]);
        Assert.Equal("web", (string?)asNew["regarding"]!["name"]);
        Assert.Equal(2, (int)asNew["deprecatedCount"]!);
        Assert.Equal("kubelet", (string?)asNew["deprecatedSource"]!["component"]);
        Assert.Equal("synced", (string?)asCore["message"]);
        Assert.Equal("cm", (string?)asCore["involvedObject"]!["name"]);
        Assert.Equal("example.com/c", (string?)asCore["reportingComponent"]);
        var coreNames = (await GetAsync(CoreEvents))["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ToList();
        Assert.Contains("new-made", coreNames);
    }

    [Fact]
    public async Task EventsV1Watch_ConvertsCoreWrites()
    {
        var list = await GetAsync(EventsV1);
        var rv = (string)list["metadata"]!["resourceVersion"]!;
        using var watch = await _client.GetAsync(new Uri($"{EventsV1}?watch=true&resourceVersion={rv}&timeoutSeconds=10", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var stream = await watch.Content.ReadAsStreamAsync(Ct);
        using var reader = new StreamReader(stream);

        await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"watched"},"involvedObject":{"kind":"Pod","name":"w"},"message":"hello","type":"Normal","reason":"R"}
            """, 201);
        var line = await reader.ReadLineAsync(Ct);

        var e = JsonNode.Parse(line!)!;
        Assert.Equal("ADDED", (string?)e["type"]);
        Assert.Equal("events.k8s.io/v1", (string?)e["object"]!["apiVersion"]);
        Assert.Equal("hello", (string?)e["object"]!["note"]);
        Assert.Null(e["object"]!["message"]);
    }

    [Fact]
    public async Task EventsV1Create_WithoutReporterOrTime_Is422WithUpstreamCauses()
    {
        var status = await SendAsync(HttpMethod.Post, EventsV1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"incomplete"},"regarding":{"kind":"Pod","name":"p","namespace":"default"},
             "note":"n","type":"Sometimes","deprecatedCount":3}
            """, 422);

        var causes = status["details"]!["causes"]!.AsArray().Select(c => $"{(string?)c!["field"]}: {(string?)c["message"]}").ToList();
        Assert.Contains("eventTime: Required value", causes);
        Assert.Contains("type: Invalid value: \"\": has invalid value: Sometimes", causes);
        Assert.Contains("count: Invalid value: \"\": needs to be unset", causes);
        // The same object through core/v1 (no eventTime: a legacy event) is fine.
        await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"incomplete"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"message":"n","type":"Sometimes","count":3}
            """, 201);
    }

    [Fact]
    public async Task EventsWithEventTime_NeedReporterActionAndReason_EvenThroughCore()
    {
        var status = await SendAsync(HttpMethod.Post, CoreEvents, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"timed"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"eventTime":"2026-01-01T00:00:00.000000Z","type":"Normal"}
            """, 422);

        var fields = status["details"]!["causes"]!.AsArray().Select(c => $"{(string?)c!["field"]}: {(string?)c["message"]}").ToList();
        Assert.Contains("reportingController: Required value", fields);
        Assert.Contains("reportingInstance: Required value", fields);
        Assert.Contains("action: Required value", fields);
        Assert.Contains("reason: Required value", fields);
    }

    [Fact]
    public async Task EventsV1Update_ChangingItsFacts_Is422_ButCoreUpdatesStayLegacy()
    {
        var created = await SendAsync(HttpMethod.Post, EventsV1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"facts"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "reportingController":"example.com/c","reportingInstance":"c-1","action":"Sync","reason":"Synced",
             "regarding":{"kind":"ConfigMap","name":"cm","namespace":"default"},"note":"synced","type":"Normal"}
            """, 201);
        created["reason"] = "Other";
        created["series"] = JsonNode.Parse("""{"count":2,"lastObservedTime":"2026-01-01T00:00:09.000000Z"}""");

        var status = await SendAsync(HttpMethod.Put, $"{EventsV1}/facts", created.ToJsonString(), 422);
        created["reason"] = "Synced";
        var updated = await SendAsync(HttpMethod.Put, $"{EventsV1}/facts", created.ToJsonString(), 200);
        var core = await GetAsync($"{CoreEvents}/facts");
        core["reason"] = "ChangedThroughCore";
        var coreUpdated = await SendAsync(HttpMethod.Put, $"{CoreEvents}/facts", core.ToJsonString(), 200);

        Assert.Equal("reason: Invalid value: \"Other\": field is immutable", $"{(string?)status["details"]!["causes"]![0]!["field"]}: {(string?)status["details"]!["causes"]![0]!["message"]}");
        Assert.Equal(2, (int)updated["series"]!["count"]!);
        Assert.Equal("ChangedThroughCore", (string?)coreUpdated["reason"]);
    }

    [Fact]
    public async Task HpaManagedFields_RecordTheVersionEachManagerWrote()
    {
        await SendAsync(HttpMethod.Post, $"{HpaV1}?fieldManager=v1-writer", """
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"managed"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":4,"targetCPUUtilizationPercentage":70}}
            """, 201);
        var v2 = await GetAsync($"{HpaV2}/managed");
        v2["spec"]!["maxReplicas"] = 6;

        var updated = await SendAsync(HttpMethod.Put, $"{HpaV2}/managed?fieldManager=v2-writer", v2.ToJsonString(), 200);

        var entries = updated["metadata"]!["managedFields"]!.AsArray().ToDictionary(e => (string)e!["manager"]!, e => e!);
        Assert.Equal("autoscaling/v1", (string?)entries["v1-writer"]["apiVersion"]);
        Assert.Equal("autoscaling/v2", (string?)entries["v2-writer"]["apiVersion"]);
        var v1Spec = entries["v1-writer"]["fieldsV1"]!["f:spec"]!.AsObject();
        Assert.True(v1Spec.ContainsKey("f:targetCPUUtilizationPercentage"), v1Spec.ToJsonString());
        Assert.False(v1Spec.ContainsKey("f:metrics"), v1Spec.ToJsonString());
        Assert.False(v1Spec.ContainsKey("f:maxReplicas"), v1Spec.ToJsonString()); // taken over by v2-writer
        Assert.Equal("""{"f:maxReplicas":{}}""", entries["v2-writer"]["fieldsV1"]!["f:spec"]!.ToJsonString());
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == 200, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string json, int expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
