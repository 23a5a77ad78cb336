using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.CustomResources;

/// <summary>Watches of custom objects through the watch cache, in the version asked for.</summary>
public sealed class CustomResourceWatchTests : IClassFixture<InProcessServer>
{
    private readonly HttpClient _client;
    private readonly CrdClient _api;

    public CustomResourceWatchTests(InProcessServer server)
    {
        _client = server.Client;
        _api = new CrdClient(server.Client);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_FromListRevision_SeesAddedAndModifiedInRequestedVersion()
    {
        const string group = "watch.example.com";
        await _api.InstallAsync(group);
        var (_, list) = await _api.SendAsync(HttpMethod.Get, $"/apis/{group}/v2/namespaces/default/widgets");
        var rv = (string)list["metadata"]!["resourceVersion"]!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/apis/{group}/v2/namespaces/default/widgets?watch=true&resourceVersion={rv}&timeoutSeconds=10", UriKind.Relative));
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        await _api.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/default/widgets", CrdClient.Widget(group, "w1", """{"size":1}"""));
        await _api.SendAsync(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/default/widgets/w1", """{"spec":{"size":2}}""", "application/merge-patch+json");
        var events = new List<JsonNode>();
        while (events.Count < 2 && await reader.ReadLineAsync(Ct) is { } line)
        {
            events.Add(JsonNode.Parse(line)!);
        }

        Assert.Equal(["ADDED", "MODIFIED"], events.Select(e => (string?)e["type"]));
        Assert.All(events, e => Assert.Equal($"{group}/v2", (string?)e["object"]!["apiVersion"]));
        Assert.Equal(2, (int)events[1]["object"]!["spec"]!["size"]!);
    }

    [Fact]
    public async Task Create_WhileDefinitionTerminates_IsRefusedOrGone()
    {
        const string group = "terminating.example.com";
        await _api.InstallAsync(group);
        // A finalizer on an object keeps the definition terminating until the test removes it.
        await _api.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/default/widgets",
            CrdClient.Widget(group, "held", """{"size":1}""").Replace("\"name\":\"held\"", "\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]", StringComparison.Ordinal));
        await _api.SendAsync(HttpMethod.Delete, $"{CrdClient.Definitions}/widgets.{group}");

        var code = 0;
        JsonNode status = new JsonObject();
        for (var i = 0; i < 100 && code != 405; i++)
        {
            await Task.Delay(50, Ct);
            (code, status) = await _api.SendAsync(HttpMethod.Post, $"/apis/{group}/v1/namespaces/default/widgets", CrdClient.Widget(group, "late" + i, """{"size":1}"""));
        }

        // The Terminating condition is written by the definition controller, after the refusal starts.
        JsonNode crd = new JsonObject();
        for (var i = 0; i < 200 && !HasTerminating(crd); i++)
        {
            (_, crd) = await _api.SendAsync(HttpMethod.Get, $"{CrdClient.Definitions}/widgets.{group}");
            await Task.Delay(HasTerminating(crd) ? 0 : 50, Ct);
        }

        await _api.SendAsync(HttpMethod.Patch, $"/apis/{group}/v1/namespaces/default/widgets/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

        Assert.Equal(405, code);
        Assert.Equal("create not allowed while custom resource definition is terminating", (string?)status["message"]);
        Assert.True(HasTerminating(crd), crd.ToJsonString());
    }

    private static bool HasTerminating(JsonNode crd) =>
        crd["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => (string?)c?["type"] == "Terminating" && (string?)c["reason"] == "InstanceDeletionInProgress");
}
