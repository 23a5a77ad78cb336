using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Joining;

namespace Kubesharp.ApiServer.Tests.Serving.InProcess;

/// <summary>The in-process handler against the real host: the same pipeline as HTTPS, as the admin user, body streamed.</summary>
public sealed class InProcessHandlerTests : IClassFixture<InProcessServer>
{
    private readonly InProcessServer _server;

    public InProcessHandlerTests(InProcessServer server) => _server = server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ServesTheListThroughThePipeline()
    {
        using var client = InProcessClient();

        using var response = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Ct);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal("NamespaceList", (string?)list["kind"]);
        Assert.Contains(list["items"]!.AsArray(), n => (string?)n!["metadata"]!["name"] == "default");
    }

    [Fact]
    public async Task Post_CarriesTheBody_AndTheObjectIsVisibleOverHttps()
    {
        using var client = InProcessClient();
        var name = "inproc-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await client.PostAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""), Ct);
        using var seen = await _server.Client.GetAsync(new Uri($"/api/v1/namespaces/default/configmaps/{name}", UriKind.Relative), Ct);
        var body = JsonNode.Parse(await seen.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal("v", (string?)body["data"]!["k"]);
    }

    [Fact]
    public async Task Requests_AreTheAdminUser()
    {
        using var client = InProcessClient();

        // Only nodes, bootstrap tokens and system:masters get past the identity check to the body's validation.
        using var response = await client.PostAsync(new Uri(JoinEndpoints.NodeCertificatePath, UriKind.Relative), Json("""{"nodeName":""}"""), Ct);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", (string?)status["reason"]);
    }

    [Fact]
    public async Task Get_Missing_IsA404Status()
    {
        using var client = InProcessClient();

        using var response = await client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/no-such-map", UriKind.Relative), Ct);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("Status", "NotFound", 404), ((string?)status["kind"], (string?)status["reason"], (int?)status["code"]));
    }

    [Fact]
    public async Task Watch_StreamsEventsAsTheyHappen()
    {
        using var client = InProcessClient();
        var name = "watched-" + Guid.NewGuid().ToString("N")[..8];
        using var list = await client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), Ct);
        var rv = (string?)JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct))!["metadata"]!["resourceVersion"];

        using var watch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}&fieldSelector=metadata.name%3D{name}"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync(Ct));
        using var created = await _server.Client.PostAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}"""), Ct);
        var line = await NextEventAsync(reader);

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ADDED", (string?)line["type"]);
        Assert.Equal(name, (string?)line["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Watch_Disposed_EndsWithoutWaitingForTheServer_AndTheHandlerKeepsServing()
    {
        using var client = InProcessClient();
        using var watch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true"), HttpCompletionOption.ResponseHeadersRead, Ct);
        var stream = await watch.Content.ReadAsStreamAsync(Ct);

        await stream.DisposeAsync();
        watch.Dispose();
        using var after = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await stream.ReadExactlyAsync(new byte[16], Ct));
    }

    private HttpClient InProcessClient() =>
        new(_server.Server.CreateInProcessHandler(), disposeHandler: true) { BaseAddress = _server.Server.Url, Timeout = TimeSpan.FromSeconds(30) };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> NextEventAsync(StreamReader reader)
    {
        // Bookmarks come every 300 ms on this fixture; skip them (bounded) until the event.
        for (var i = 0; i < 100; i++)
        {
            var line = await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct) ?? throw new InvalidOperationException("the watch ended");
            var e = JsonNode.Parse(line)!;
            if ((string?)e["type"] != "BOOKMARK")
            {
                return e;
            }
        }

        throw new InvalidOperationException("no event among 100 lines");
    }
}
