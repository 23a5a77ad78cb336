using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Tests.Serving;

/// <summary>JSON bodies are read whole whether or not the client sends their length, however many reads they take.</summary>
public sealed class RequestBodyTests : IClassFixture<InProcessServer>
{
    private readonly HttpClient _client;

    public RequestBodyTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_LargeJsonWithLength_IsStoredWhole()
    {
        // Several HTTP/2 DATA frames and body reads, into a pooled buffer larger than asked for.
        var payload = string.Concat(Enumerable.Range(0, 40_000).Select(i => (char)('a' + (i % 26))));
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes($$$"""{"metadata":{"name":"large-body"},"data":{"k":"{{{payload}}}"}}"""));

        using var response = await PostAsync(body);

        Assert.Equal(201, (int)response.StatusCode);
        using var get = await _client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/large-body", UriKind.Relative), Ct);
        var read = JsonNode.Parse(await get.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(payload, read["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_JsonWithoutLength_IsAccepted()
    {
        var body = new StreamContent(new UnknownLengthStream("""{"metadata":{"name":"no-length"},"data":{"n":"1"}}"""u8.ToArray()));

        Assert.Null(body.Headers.ContentLength);

        using var response = await PostAsync(body);

        Assert.Equal(201, (int)response.StatusCode);
        var obj = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("1", obj["data"]!["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_TruncatedJsonWithLength_Is400AndStoresNothing()
    {
        using var response = await PostAsync(new ByteArrayContent("""{"metadata":{"name":"cut"},"data":{"""u8.ToArray()));

        Assert.Equal(400, (int)response.StatusCode);
        using var get = await _client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/cut", UriKind.Relative), Ct);
        Assert.Equal(404, (int)get.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/configmaps")
        {
            Content = content,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return await _client.SendAsync(request, Ct);
    }

    /// <summary>A body HttpClient cannot know the length of, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
