using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Tests.Serving;

/// <summary>Malformed or mismatched requests get upstream-shaped Status answers, never a 500, and change nothing.</summary>
public sealed class BadInputTests : IClassFixture<InProcessServer>
{
    private readonly HttpClient _client;

    public BadInputTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{bad", "application/json", 400, "BadRequest")]
    [InlineData("[1,2]", "application/json", 400, "BadRequest")]
    [InlineData("{\"a\":1,\"a\":2}", "application/json", 400, "BadRequest")]
    [InlineData("a: [", "application/yaml", 400, "BadRequest")]
    [InlineData("x", "text/plain", 415, "UnsupportedMediaType")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"}}", "application/json", 400, "BadRequest")]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}", "application/json", 400, "BadRequest")]
    [InlineData("{\"metadata\":{\"name\":\"a\",\"namespace\":\"kube-system\"}}", "application/json", 400, "BadRequest")]
    [InlineData("{\"metadata\":{}}", "application/json", 422, "Invalid")]
    public async Task Create_BadBody_AnswersStatus(string body, string contentType, int code, string reason)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body, contentType);

        await AssertStatusAsync(response, code, reason);
        using var get = await _client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/a", UriKind.Relative), Ct);
        Assert.Equal(404, (int)get.StatusCode);
    }

    [Fact]
    public async Task Create_YamlBody_IsAccepted()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  n: \"1\"\n", "application/yaml");

        Assert.Equal(201, (int)response.StatusCode);
        var obj = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("1", obj["data"]!["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_BodyOver3MiB_Is413()
    {
        var big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + new string('a', 3 * 1024 * 1024) + "\"}}";

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", big, "application/json");

        await AssertStatusAsync(response, 413, "RequestEntityTooLarge");
    }

    [Theory]
    [InlineData("/api/v1/foos")]
    [InlineData("/apis/nope.example.com/v1/things")]
    [InlineData("/api/v1/namespaces/default/configmaps/a/b/c")]
    public async Task Get_UnknownResource_Is404(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        await AssertStatusAsync(response, 404, "NotFound");
    }

    [Fact]
    public async Task Put_OnCollection_Is405()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps", "{}", "application/json");

        await AssertStatusAsync(response, 405, "MethodNotAllowed");
    }

    [Fact]
    public async Task Put_NameMismatch_Is400WithUpstreamMessage()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/b", "{\"metadata\":{\"name\":\"a\"}}", "application/json");

        var status = await AssertStatusAsync(response, 400, "BadRequest");
        Assert.Equal("the name of the object (a) does not match the name on the URL (b)", status["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("labelSelector=a%20in%20(")]
    [InlineData("fieldSelector=spec.nope%3Dx")]
    [InlineData("limit=abc")]
    [InlineData("resourceVersion=abc&resourceVersionMatch=Exact")]
    public async Task List_BadQuery_Is400(string query)
    {
        using var response = await _client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?" + query, UriKind.Relative), Ct);

        await AssertStatusAsync(response, 400, "BadRequest");
    }

    [Theory]
    [InlineData("{bad", "application/merge-patch+json", 400, "BadRequest")]
    [InlineData("{bad", "application/strategic-merge-patch+json", 400, "BadRequest")]
    [InlineData("{\"op\":\"add\"}", "application/json-patch+json", 400, "BadRequest")]
    [InlineData("[{\"op\":\"explode\",\"path\":\"/data/k\"}]", "application/json-patch+json", 422, "Invalid")]
    [InlineData("[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"other\"}]", "application/json-patch+json", 422, "Invalid")]
    [InlineData("[{\"op\":\"remove\",\"path\":\"/data/missing\"}]", "application/json-patch+json", 422, "Invalid")]
    [InlineData("{\"metadata\":{\"name\":\"renamed\"}}", "application/merge-patch+json", 400, "BadRequest")]
    [InlineData("{\"data\":{\"k\":\"v\"}}", "application/xml", 415, "UnsupportedMediaType")]
    [InlineData("kind: ConfigMap\napiVersion: v1\ndata:\n  k: v\n", "application/apply-patch+yaml", 400, "BadRequest")]
    public async Task Patch_BadPatch_AnswersStatusAndChangesNothing(string patch, string contentType, int code, string reason)
    {
        var name = "patched-" + Math.Abs(patch.GetHashCode(StringComparison.Ordinal) ^ contentType.GetHashCode(StringComparison.Ordinal));
        using (var create = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", $"{{\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"k\":\"v\"}}}}", "application/json"))
        {
            Assert.Equal(201, (int)create.StatusCode);
        }

        using var response = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/{name}", patch, contentType);

        await AssertStatusAsync(response, code, reason);
        using var get = await _client.GetAsync(new Uri($"/api/v1/namespaces/default/configmaps/{name}", UriKind.Relative), Ct);
        var stored = JsonNode.Parse(await get.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("""{"k":"v"}""", stored["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_Renaming_Is400WithUpstreamMessage()
    {
        using (var create = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"keeps-name\"}}", "application/json"))
        {
            Assert.Equal(201, (int)create.StatusCode);
        }

        using var response = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/keeps-name", "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"other\"}]", "application/json-patch+json");

        var status = await AssertStatusAsync(response, 400, "BadRequest");
        Assert.Equal("the name of the object (other) does not match the name on the URL (keeps-name)", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_MissingObject_Is404()
    {
        using var response = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/never-made", "{\"data\":{}}", "application/merge-patch+json");

        await AssertStatusAsync(response, 404, "NotFound");
    }

    [Fact]
    public async Task Create_InMissingNamespace_Is404AndNothingIsStored()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/no-such-ns/configmaps", "{\"metadata\":{\"name\":\"a\"}}", "application/json");
        using var list = await _client.GetAsync(new Uri("/api/v1/namespaces/no-such-ns/configmaps", UriKind.Relative), Ct);

        var status = await AssertStatusAsync(response, 404, "NotFound");
        Assert.Equal("namespaces \"no-such-ns\" not found", status["message"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Put_StaleResourceVersion_Is409ConflictWithUpstreamMessage()
    {
        using var create = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"stale\"},\"data\":{\"k\":\"1\"}}", "application/json");
        var created = JsonNode.Parse(await create.Content.ReadAsStringAsync(Ct))!;
        created["data"]!["k"] = "2";
        using var first = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/stale", created.ToJsonString(), "application/json");
        created["data"]!["k"] = "3";

        using var second = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/stale", created.ToJsonString(), "application/json");

        Assert.Equal(200, (int)first.StatusCode);
        var status = await AssertStatusAsync(second, 409, "Conflict");
        Assert.Equal("Operation cannot be fulfilled on configmaps \"stale\": the object has been modified; please apply your changes to the latest version and try again", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_WithUnknownPropagationPolicy_Is422()
    {
        using var response = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/x", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Sideways\"}", "application/json");

        await AssertStatusAsync(response, 422, "Invalid");
    }

    [Fact]
    public async Task Watch_Table_StreamsEventsWithColumnsOnFirst()
    {
        using var create = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"watched\"},\"data\":{\"a\":\"b\"}}", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dwatched");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");

        using var response = await _client.SendAsync(request, Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var e = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("ADDED", e["type"]!.GetValue<string>());
        Assert.Equal("Table", e["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("watched", e["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>());
        Assert.NotEmpty((JsonArray)e["object"]!["columnDefinitions"]!);
    }

    [Fact]
    public async Task Watch_AllowBookmarks_SendsBookmarkWithNewestRevisionWhileIdle()
    {
        using var create = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"bookmarked\"}}", "application/json");
        var rv = JsonNode.Parse(await create.Content.ReadAsStringAsync(Ct))!["metadata"]!["resourceVersion"]!.GetValue<string>();

        using var response = await _client.GetAsync(new Uri($"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion={rv}", UriKind.Relative), Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(lines);
        var bookmark = JsonNode.Parse(lines[0])!;
        Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        Assert.Equal("ConfigMap", bookmark["object"]!["kind"]!.GetValue<string>());
        Assert.True(long.Parse(bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(rv, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        // HTTP/2 as kubectl uses it: a 413 answered before the body is read then resets only the
        // stream, where HTTP/1.1 closes the connection under a client still uploading (broken pipe).
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _client.SendAsync(request, Ct);
    }

    private static async Task<JsonNode> AssertStatusAsync(HttpResponseMessage response, int code, string reason)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(code == (int)response.StatusCode, text);
        var status = JsonNode.Parse(text)!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal(reason, status["reason"]!.GetValue<string>());
        Assert.Equal(code, status["code"]!.GetValue<int>());
        return status;
    }
}
